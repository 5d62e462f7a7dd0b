#pragma once
// For the widget tests: opening a dataset in a MainWindow as a user would, and waiting for the
// whole scan (its closing status line would otherwise replace the ones a test checks).

#include "mainwindow.h"

#include <QSignalSpy>

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

} // namespace masklab::test
