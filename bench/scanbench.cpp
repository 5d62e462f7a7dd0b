// scanbench DATASET [--repeat N] [--deep]
//
// Times the dataset scan on a full-size dataset side by side with its floor, in one run:
//   listing  - only walking the tree (QDirIterator), what any scan must pay;
//   scan/1   - the scanner with one thread (CSV, folders, header read of every image);
//   scan/2   - the scanner with two threads (the default on this machine);
//   deep/2   - optional: full decode of every image, against header reads.
// Make the dataset first: masklab-cli synth /tmp/full --persons 2700 --eval-persons 1800

#include "datasetscanner.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <mutex>
#include <vector>

using namespace masklab;

namespace {

struct Timing
{
    double best = 0;
    double median = 0;
};

Timing measure(int repeat, const std::function<void()> &work)
{
    std::vector<double> seconds;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        seconds.push_back(timer.nsecsElapsed() / 1e9);
    }
    std::sort(seconds.begin(), seconds.end());
    return {seconds.front(), seconds[seconds.size() / 2]};
}

void print(const char *name, const Timing &t, qint64 files)
{
    std::printf("%-10s best %8.1f ms  median %8.1f ms  %9.0f files/s\n", name, t.best * 1e3,
                t.median * 1e3, files / t.best);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    int repeat = 7;
    bool deep = false;
    QString path;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == "--repeat" && i + 1 < args.size())
            repeat = std::max(1, args[++i].toInt());
        else if (args[i] == "--deep")
            deep = true;
        else
            path = args[i];
    }
    if (path.isEmpty()) {
        std::fprintf(stderr, "usage: scanbench DATASET [--repeat N] [--deep]\n");
        return 2;
    }
    const ScanResult first = scanDataset(path); // also warms the page cache
    if (!first.located) {
        std::fprintf(stderr, "scanbench: %s\n", qPrintable(first.fatalError));
        return 2;
    }
    const qint64 files = first.dataset.photoCount() + qint64(first.dataset.evalImages.size());
    std::printf("dataset %s: %zu persons, %d photos, %zu eval images, %zu findings\n",
                qPrintable(first.dataset.root), first.dataset.persons.size(),
                first.dataset.photoCount(), first.dataset.evalImages.size(), first.issues.size());
    std::printf("warm page cache, %d runs each\n", repeat);

    qint64 listed = 0;
    print("listing",
          measure(repeat,
                  [&] {
                      listed = 0;
                      QDirIterator it(first.dataset.root, QDir::Files | QDir::Hidden,
                                      QDirIterator::Subdirectories);
                      while (it.hasNext()) {
                          it.next();
                          ++listed;
                      }
                  }),
          files);
    for (int threads : {1, 2}) {
        ScanOptions options;
        options.threads = threads;
        const char *name = threads == 1 ? "scan/1" : "scan/2";
        print(name, measure(repeat, [&] { scanDataset(path, options); }), files);
    }
    // Where the time goes: the moment each phase first reports, on one 2-thread scan.
    {
        QElapsedTimer timer;
        std::vector<std::pair<QString, double>> phases;
        std::mutex mutex;
        ProgressSink sink;
        sink.report = [&](const QString &phase, qint64, qint64) {
            std::lock_guard<std::mutex> lock(mutex);
            if (phases.empty() || phases.back().first != phase)
                phases.push_back({phase, timer.nsecsElapsed() / 1e6});
        };
        ScanOptions options;
        options.threads = 2;
        timer.start();
        scanDataset(path, options, sink);
        phases.push_back({QStringLiteral("done"), timer.nsecsElapsed() / 1e6});
        for (size_t i = 0; i + 1 < phases.size(); ++i)
            std::printf("  phase %-24s %7.1f ms\n", qPrintable(phases[i].first),
                        phases[i + 1].second - phases[i].second);
    }
    if (deep) {
        ScanOptions options;
        options.threads = 2;
        options.deep = true;
        print("deep/2", measure(1, [&] { scanDataset(path, options); }), files);
    }
    return 0;
}
