// masklab: the GUI. Composes the main window; --screenshot renders it to a PNG and exits.

#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#include <cstdlib>

namespace {

// Qt aborts with a cryptic plugin message when there is no display; say what to do instead.
bool haveDisplay()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland"))
        return true; // offscreen, vnc, eglfs, ...
    return !qgetenv("DISPLAY").isEmpty() || !qgetenv("WAYLAND_DISPLAY").isEmpty();
}

void saveScreenshot(masklab::ui::MainWindow &window, const QString &file, bool located)
{
    const bool saved = window.grab().save(file);
    if (!saved)
        std::fprintf(stderr, "masklab: cannot write %s\n", qPrintable(file));
    else
        std::printf("masklab: screenshot saved to %s\n", qPrintable(file));
    QApplication::exit(saved && located ? 0 : 2);
}

// Saves the window once the scan is done, the visible thumbnails and the stored predictions
// have arrived (10 s at most)
// and the event queue has drained (layout, paint).
void scheduleScreenshot(masklab::ui::MainWindow &window, const QString &file, const QString &tab,
                        int delayMs)
{
    QObject::connect(&window, &masklab::ui::MainWindow::scanFinished, &window,
                     [&window, file, tab, delayMs](bool located) {
                         if (!located)
                             std::fprintf(stderr, "masklab: %s\n", qPrintable(window.statusText()));
                         if (!tab.isEmpty() && !window.showTab(tab))
                             std::fprintf(stderr, "masklab: no tab named %s\n", qPrintable(tab));
                         auto *poll = new QTimer(&window);
                         auto waited = std::make_shared<QElapsedTimer>();
                         waited->start();
                         QObject::connect(poll, &QTimer::timeout, &window,
                                          [&window, file, located, poll, waited, delayMs] {
                                              const bool busy = window.isFillingIn();
                                              if ((busy && waited->elapsed() < 10000) ||
                                                  waited->elapsed() < delayMs)
                                                  return;
                                              poll->stop();
                                              saveScreenshot(window, file, located);
                                          });
                         poll->start(300);
                     });
}

} // namespace

int main(int argc, char *argv[])
{
    if (!haveDisplay()) {
        std::fprintf(stderr,
                     "masklab: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
                     "Run it in a desktop session, under a virtual display "
                     "(xvfb-run -a masklab ...),\n"
                     "or with QT_QPA_PLATFORM=offscreen (e.g. for --screenshot). The headless "
                     "jobs are in masklab-cli.\n");
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MaskLab"));
    QApplication::setApplicationName(QStringLiteral("MaskLab"));
    QApplication::setApplicationVersion(QStringLiteral(MASKLAB_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/masklab/masklab.svg")));
    QApplication::setDesktopFileName(QStringLiteral("masklab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("MaskLab: face-mask classification workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("dataset"),
                                 QStringLiteral("Dataset folder to open (root, train or images)"),
                                 QStringLiteral("[DATASET]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Open DATASET, wait until the window has settled, save a PNG and exit."),
        QStringLiteral("FILE.png"));
    parser.addOption(screenshot);
    const QCommandLineOption tab(QStringLiteral("tab"),
                                 QStringLiteral("With --screenshot: show this tab first (overview, "
                                                "browser)."),
                                 QStringLiteral("NAME"));
    parser.addOption(tab);
    const QCommandLineOption delay(QStringLiteral("delay"),
                                   QStringLiteral("With --screenshot: wait at least this long "
                                                  "after opening (e.g. to catch a run mid-way)."),
                                   QStringLiteral("SECONDS"));
    parser.addOption(delay);
    const QCommandLineOption train(QStringLiteral("train"),
                                   QStringLiteral("Once DATASET is open, load this training config "
                                                  "into the Training tab and start it."),
                                   QStringLiteral("CONFIG.yaml"));
    parser.addOption(train);
    const QCommandLineOption follow(QStringLiteral("follow"),
                                    QStringLiteral("Once DATASET is open, show this run folder in "
                                                   "the Training tab and follow it as it grows "
                                                   "(e.g. a masklab-cli train elsewhere)."),
                                    QStringLiteral("RUN_DIR"));
    parser.addOption(follow);
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "masklab: expected at most one DATASET folder\n");
        return 2;
    }
    masklab::ui::MainWindow window;
    if (parser.isSet(screenshot)) {
        if (positional.isEmpty()) {
            std::fprintf(stderr, "masklab: --screenshot needs a DATASET folder\n");
            return 2;
        }
        window.setInteractive(false);
        scheduleScreenshot(window, parser.value(screenshot), parser.value(tab),
                           int(parser.value(delay).toDouble() * 1000));
    }
    if (parser.isSet(train)) {
        QObject::connect(&window, &masklab::ui::MainWindow::scanFinished, &window,
                         [&window, config = parser.value(train)] {
                             QString error;
                             if (!window.startTrainingFrom(config, &error))
                                 std::fprintf(stderr, "masklab: --train: %s\n", qPrintable(error));
                         });
    }
    if (parser.isSet(follow)) {
        QObject::connect(&window, &masklab::ui::MainWindow::scanFinished, &window,
                         [&window, run = parser.value(follow)] { window.followRun(run); });
    }
    window.show();
    if (!positional.isEmpty())
        window.openDataset(positional.front());
    return app.exec();
}
