#include "runsbox.h"

#include "runlistmodel.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace masklab::ui {

RunsBox::RunsBox(QWidget *parent)
    : QWidget(parent), m_model(new RunListModel(this)), m_table(new QTableView)
{
    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    // The run's name takes the room (it is what tells runs apart); the figures fit their text.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RunListModel::Name, QHeaderView::Stretch);
    m_table->setToolTip(tr("Select a run to see its curves (followed live while it runs); "
                           "select several to compare them"));
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { emit selectionChanged(selectedRuns()); });

    auto *actions = new QHBoxLayout;
    const auto add = [&](const QString &text, auto slot) {
        auto *button = new QPushButton(text);
        connect(button, &QPushButton::clicked, this, slot);
        actions->addWidget(button);
    };
    add(tr("Follow folder..."), [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Follow a run folder (e.g. synced from a GPU server)"));
        if (!dir.isEmpty())
            emit followFolderRequested(dir);
    });
    add(tr("Rename..."), &RunsBox::renameSelected);
    add(tr("Delete..."), &RunsBox::deleteSelected);
    add(tr("Reveal"), [this] {
        for (const QString &dir : selectedRuns())
            QDesktopServices::openUrl(QUrl::fromLocalFile(dir));
    });
    add(tr("Load its config"), [this] {
        const QStringList runs = selectedRuns();
        if (!runs.isEmpty())
            emit loadConfigRequested(runs.front() + QStringLiteral("/config.yaml"));
    });
    actions->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(actions);
}

QStringList RunsBox::selectedRuns() const
{
    QStringList dirs;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        dirs << m_model->run(index.row()).dir;
    return dirs;
}

void RunsBox::selectRun(const QString &runDir)
{
    const int row = m_model->rowOf(runDir);
    if (row >= 0)
        m_table->selectRow(row);
}

void RunsBox::setBusyRun(const QString &runDir)
{
    m_busyRun = runDir.isEmpty() ? QString() : QDir(runDir).absolutePath();
    m_model->setActiveRun(runDir);
}

void RunsBox::renameSelected()
{
    const QStringList runs = selectedRuns();
    if (runs.size() != 1 || QDir(runs.front()).absolutePath() == m_busyRun)
        return;
    const QString old = QDir(runs.front()).dirName();
    const QString name =
        QInputDialog::getText(this, tr("Rename run"), tr("New name:"), QLineEdit::Normal, old)
            .trimmed();
    if (name.isEmpty() || name == old)
        return;
    emit aboutToChangeRuns();
    QDir parent(runs.front());
    parent.cdUp();
    if (name.contains(u'/') || parent.exists(name) || !parent.rename(old, name))
        QMessageBox::warning(this, tr("Rename run"), tr("Cannot rename %1 to %2").arg(old, name));
    m_model->refresh();
}

void RunsBox::deleteSelected()
{
    QStringList runs = selectedRuns();
    runs.removeIf([this](const QString &dir) { return QDir(dir).absolutePath() == m_busyRun; });
    if (runs.isEmpty())
        return;
    QStringList names;
    for (const QString &dir : runs)
        names << QDir(dir).dirName();
    if (QMessageBox::question(
            this, tr("Delete runs"),
            tr("Delete %n run(s) with their checkpoints?\n%1", nullptr, int(runs.size()))
                .arg(names.join(u'\n'))) != QMessageBox::Yes)
        return;
    emit aboutToChangeRuns();
    for (const QString &dir : runs)
        QDir(dir).removeRecursively();
    m_model->refresh();
}

} // namespace masklab::ui
