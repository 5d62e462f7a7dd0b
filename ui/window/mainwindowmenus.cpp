// MainWindow's menu bar: File (open, recent, export, quit), Edit (undo, history), Tools, Help.

#include "mainwindow.h"

#include "components.h"
#include "datasetscanner.h"
#include "exportcontroller.h"
#include "recentfolders.h"
#include "trainer.h"
#include "userguide.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QUndoGroup>

#include <qcustomplot.h> // QCUSTOMPLOT_VERSION_STR

namespace masklab::ui {

namespace {
// The platform's redo keys and the two every user tries, each once: a key that an action lists
// twice is ambiguous to Qt, which then does nothing (xcb lists Ctrl+Shift+Z itself).
QList<QKeySequence> redoKeys()
{
    QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Redo);
    for (const QKeySequence &key :
         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)})
        if (!keys.contains(key))
            keys << key;
    return keys;
}

} // namespace

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Dataset..."), this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Corrected &train.csv..."), m_exporter,
                          &ExportController::exportTrainCsv);
    exportMenu->addAction(tr("List of &edits..."), m_exporter, &ExportController::exportEdits);
    exportMenu->addAction(tr("Corrected &dataset..."), m_exporter,
                          &ExportController::exportDataset);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undoGroup->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undoGroup->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(redoKeys());
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(m_historyDock->toggleViewAction());

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(tr("&Rescan"), this, [this] {
        if (m_result && m_result->located)
            openDataset(m_result->dataset.root);
    });
    tools->addAction(tr("&Deep Check (decode every image)"), this, [this] {
        if (m_result && m_result->located)
            openDataset(m_result->dataset.root, true);
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *guide = help->addAction(tr("&Getting started"), this, [this] {
        auto *dialog = new UserGuideDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show(); // beside the window, to read while working
    });
    guide->setObjectName(QStringLiteral("gettingStarted"));
    guide->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About MaskLab"), this,
                    [this] { QMessageBox::about(this, tr("About MaskLab"), aboutText()); });
    rebuildRecentMenu();
}

QString MainWindow::aboutText()
{
    std::vector<Component> components = trainer::runtimeComponents();
    components.push_back({QStringLiteral("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR),
                          QStringLiteral("GPL-3.0-or-later")});
    QString rows;
    for (const Component &c : components)
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(c.name, c.version.toHtmlEscaped(), c.licence);
    return tr("<b>MaskLab %1</b><p>A workbench for the face-mask classification task: browse "
              "and relabel, explore, train, predict.</p><p>Licence: GPL-3.0-or-later.</p>"
              "<p>Built on:</p><table cellspacing=\"6\">%2</table>")
        .arg(QStringLiteral(MASKLAB_VERSION), rows);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = RecentFolders::load();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openDataset(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::showOpenDialog()
{
    const QStringList recent = RecentFolders::load();
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Open Dataset Folder"), recent.isEmpty() ? QDir::homePath() : recent.front());
    if (!path.isEmpty())
        openDataset(path);
}

} // namespace masklab::ui
