#pragma once
// For the widget tests: opening a dataset in a MainWindow as a user would, and waiting for the
// whole scan (its closing status line would otherwise replace the ones a test checks).

#include "browserpanel.h"
#include "labelsession.h"
#include "mainwindow.h"
#include "personfilterproxy.h"
#include "persongridview.h"
#include "testsupport.h"
#include "trainingpanel.h"

#include <QSignalSpy>

#include <memory>

namespace masklab::test {

// No dialogs, the window shown, root opened; false when the scan did not finish in time.
inline bool openAndWait(ui::MainWindow &window, const QString &root, int timeoutMs = 30000)
{
    window.setInteractive(false);
    window.show();
    QSignalSpy finished(&window, &ui::MainWindow::scanFinished);
    window.openDataset(root);
    return finished.wait(timeoutMs);
}

// A Training tab of its own, shown at a size that fits its curves, on dataset and workspace ws.
inline std::unique_ptr<ui::TrainingPanel> shownTrainingPanel(const QString &dataset,
                                                             const QString &ws)
{
    auto panel = std::make_unique<ui::TrainingPanel>();
    panel->resize(1300, 800);
    panel->setDataset(dataset, ws);
    panel->show();
    return panel;
}

// A part of a window or panel: its one child of that type, or the one named `name` where the
// type repeats. Tests reach parts this way, as a user's eye would, so the classes carry no
// test-only accessors. Aborts the test when the part is missing.
template <typename Part> Part *part(const QObject &parent, const QString &name = QString())
{
    Part *found = parent.findChild<Part *>(name);
    if (!found)
        qFatal("%s has no %s %s", parent.metaObject()->className(),
               Part::staticMetaObject.className(), qPrintable(name));
    return found;
}

// A dataset opened in a shown window of the given size, on the Browser tab: where most widget
// tests start. Aborts the test run when the scan does not finish.
struct OpenedWindow
{
    std::unique_ptr<ui::MainWindow> window;
    QString root;
    ui::BrowserPanel *browser = nullptr;
    ui::LabelSession *session = nullptr;
};

inline OpenedWindow openInWindow(const QString &root, const QSize &size = {1200, 800})
{
    OpenedWindow o;
    o.root = root;
    o.window = std::make_unique<ui::MainWindow>();
    o.window->resize(size);
    if (!openAndWait(*o.window, root))
        qFatal("the scan of %s did not finish", qPrintable(root));
    o.window->showTab(QStringLiteral("browser"));
    o.browser = part<ui::BrowserPanel>(*o.window);
    o.session = o.window->session();
    return o;
}

// A copy of the dataset at `base` made at `copyRoot` (so with its own workspace), opened.
inline OpenedWindow openCopyInWindow(const QString &base, const QString &copyRoot)
{
    if (!copyTree(base, copyRoot))
        qFatal("cannot copy %s to %s", qPrintable(base), qPrintable(copyRoot));
    return openInWindow(copyRoot);
}

// A cell of the Browser's grid as it is shown (filtered), and selecting it, the grid focused.
inline QModelIndex browserCell(const OpenedWindow &o, int row, int column)
{
    return o.browser->proxy()->index(row, column);
}

inline void selectBrowserCell(const OpenedWindow &o, int row, int column)
{
    o.browser->view()->setFocus();
    o.browser->view()->setCurrentIndex(browserCell(o, row, column));
}

} // namespace masklab::test
