// browserbench DATASET
//
// The browser's speed on a full-size dataset, each figure next to its comparison, in one run:
//   1. thumbnail throughput (2 threads): full decode only  vs  reduced decode + resize  vs
//      served from the warm disk cache;
//   2. open -> first screen of thumbnails painted: cold (empty thumbnail cache) vs warm disk cache;
//   3. the longest GUI-thread stall while scrolling top to bottom (event-loop gaps);
//   4. peak RSS after scrolling everything.
// Make the dataset first: masklab-cli synth /tmp/full --persons 2700 --eval-persons 1800

#include "browserpanel.h"
#include "datasetscanner.h"
#include "mainwindow.h"
#include "parallel.h"
#include "persongridview.h"
#include "persontablemodel.h"
#include "thumbnailcache.h"
#include "thumbnailloader.h"
#include "windowsupport.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace masklab;
using namespace masklab::ui;
using masklab::test::part;

namespace {

long peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').front().toLong();
    }
    return -1;
}

template <typename Work> double ratePerSecond(int count, Work work)
{
    QElapsedTimer timer;
    timer.start();
    parallelFor(count, 2, work);
    return count / (timer.nsecsElapsed() / 1e9);
}

// Opens the dataset in a fresh window and returns ms until the visible thumbnails are painted.
double firstScreenMs(const QString &dataset, const QString &diskCache)
{
    MainWindow window;
    window.setInteractive(false);
    window.resize(1400, 900);
    part<ThumbnailCache>(window, QStringLiteral("browserThumbnails"))->setDiskCacheDir(diskCache);
    window.show();
    QApplication::processEvents();
    QElapsedTimer timer;
    timer.start();
    QSignalSpy ready(&window, &MainWindow::browserReady);
    QSignalSpy finished(&window, &MainWindow::scanFinished);
    window.openDataset(dataset);
    while (ready.isEmpty())
        QApplication::processEvents(QEventLoop::AllEvents, 1);
    const double scannedMs = timer.nsecsElapsed() / 1e6;
    window.showTab(QStringLiteral("browser"));
    PersonGridView *view = part<BrowserPanel>(window)->view();
    view->viewport()->repaint(); // asks for the visible thumbnails
    for (;;) {
        QApplication::processEvents(QEventLoop::AllEvents, 1);
        const int lastRow = view->rowAt(view->viewport()->height() - 1);
        bool ready =
            part<ThumbnailCache>(window, QStringLiteral("browserThumbnails"))->pendingCount() == 0;
        for (int row = 0; ready && row <= std::max(lastRow, 0); ++row) {
            for (int column = 1; ready && column < 8; ++column)
                ready =
                    view->model()->index(row, column).data(PersonTableModel::ThumbnailStateRole) !=
                    QLatin1String("loading");
        }
        if (ready)
            break;
    }
    view->viewport()->repaint();
    const double totalMs = timer.nsecsElapsed() / 1e6;
    std::printf("   (index + overlay + models %.0f ms, thumbnails and paint %.0f ms)\n", scannedMs,
                totalMs - scannedMs);
    while (finished.isEmpty()) // let the image check end before the window goes
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    return totalMs;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: browserbench DATASET\n");
        return 2;
    }
    const QString dataset = QString::fromLocal8Bit(argv[1]);
    const ScanResult scan = scanDataset(dataset);
    if (!scan.located) {
        std::fprintf(stderr, "browserbench: %s\n", qPrintable(scan.fatalError));
        return 2;
    }
    std::vector<QString> photos;
    for (const Person &p : scan.dataset.persons)
        for (int slot = 0; slot < kPhotoSlotCount; ++slot)
            photos.push_back(scan.dataset.photoPath(p, slot));
    std::printf("dataset %s: %zu persons, %zu photos\n", qPrintable(scan.dataset.root),
                scan.dataset.persons.size(), photos.size());

    // 1. Throughput on 3,000 photos (page cache warm: read them once first).
    const int n = std::min<int>(3000, int(photos.size()));
    for (int i = 0; i < n; ++i)
        QFile(photos[size_t(i)]).open(QIODevice::ReadOnly);
    QTemporaryDir cacheDir;
    const double full = ratePerSecond(n, [&](int64_t i) {
        cv::imread(QFile::encodeName(photos[size_t(i)]).toStdString(), cv::IMREAD_COLOR);
    });
    const double reduced = ratePerSecond(n, [&](int64_t i) {
        loadThumbnail({photos[size_t(i)], 128, QString()});
    });
    const double fill = ratePerSecond(n, [&](int64_t i) {
        loadThumbnail({photos[size_t(i)], 128, cacheDir.path()});
    });
    const double disk = ratePerSecond(n, [&](int64_t i) {
        loadThumbnail({photos[size_t(i)], 128, cacheDir.path()});
    });
    std::printf("1. thumbnails/s on 2 threads (%d photos):\n", n);
    std::printf("   full decode only          %7.0f /s\n", full);
    std::printf("   reduced decode + resize   %7.0f /s  (%.1fx the full decode)\n", reduced,
                reduced / full);
    std::printf("   ... and write disk cache  %7.0f /s\n", fill);
    std::printf("   from the disk cache       %7.0f /s\n", disk);

    // 2. First screen, cold then warm disk cache.
    QTemporaryDir screenCache;
    const double cold = firstScreenMs(dataset, screenCache.path());
    const double warm = firstScreenMs(dataset, screenCache.path());
    std::printf("2. open -> first screen of thumbnails painted: cold %.0f ms, warm disk cache "
                "%.0f ms (the whole scan alone: %.0f ms)\n",
                cold, warm, scan.seconds * 1e3);

    // 3. Scrolling top to bottom, measuring the gaps of the event loop.
    MainWindow window;
    window.setInteractive(false);
    window.resize(1400, 900);
    part<ThumbnailCache>(window, QStringLiteral("browserThumbnails"))
        ->setDiskCacheDir(screenCache.path());
    window.show();
    QSignalSpy finished(&window, &MainWindow::scanFinished);
    window.openDataset(dataset);
    finished.wait(60000);
    window.showTab(QStringLiteral("browser"));
    PersonGridView *view = part<BrowserPanel>(window)->view();
    QScrollBar *bar = view->verticalScrollBar();
    QElapsedTimer sinceTick;
    double longestMs = 0;
    double totalMs = 0;
    int ticks = 0;
    std::vector<double> gaps;
    QEventLoop loop;
    QTimer scroller;
    scroller.setInterval(0);
    QObject::connect(&scroller, &QTimer::timeout, [&] {
        if (sinceTick.isValid()) {
            const double gap = sinceTick.nsecsElapsed() / 1e6;
            longestMs = std::max(longestMs, gap);
            totalMs += gap;
            gaps.push_back(gap);
        }
        ++ticks;
        if (bar->value() >= bar->maximum()) {
            loop.quit();
            return;
        }
        bar->setValue(bar->value() + bar->singleStep() * 6); // a brisk wheel scroll
        view->viewport()->repaint();
        sinceTick.restart();
    });
    scroller.start();
    loop.exec();
    std::printf("3. scrolling %d rows top to bottom: %d steps, mean step %.2f ms, longest GUI "
                "stall %.2f ms\n",
                int(scan.dataset.persons.size()), ticks, totalMs / std::max(1, ticks - 1),
                longestMs);
    std::sort(gaps.begin(), gaps.end());
    std::printf("   gaps: median %.2f ms, 99th percentile %.2f ms, %d of %zu over 16 ms\n",
                gaps[gaps.size() / 2], gaps[gaps.size() * 99 / 100],
                int(std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 16; })),
                gaps.size());
    std::printf("4. peak RSS %ld MB\n", peakRssKb() / 1024);
    return 0;
}
