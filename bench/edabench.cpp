// edabench DATASET
//
// The EDA's speed on a full-size dataset, each next to its comparison, in one run:
//   1. label statistics after an edit (18,900 images): core counts alone, and the EDA panel's
//      whole refresh (counts + original counts + every chart), against the 100 ms target;
//   2. image statistics (decode + per-pixel sums) against decode-only, 2 threads;
//   3. a 50-person edit step (one undo step: one overlay save, one personsChanged) against the
//      same changes made as 50 single edits (what a step cost before: 50 saves, 50 signals).
// Make the dataset first: masklab-cli synth /tmp/full --persons 2700 --eval-persons 1800

#include "datasetscanner.h"
#include "edapanel.h"
#include "imagestatistics.h"
#include "labelsession.h"
#include "labelstatistics.h"
#include "parallel.h"
#include "testsupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>

using namespace masklab;

namespace {
template <typename Work> double medianMs(int runs, Work work)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work(i);
        ms.push_back(timer.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}
} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: edabench DATASET\n");
        return 2;
    }
    auto scan = std::make_shared<ScanResult>(scanDataset(QString::fromLocal8Bit(argv[1])));
    if (!scan->located) {
        std::fprintf(stderr, "edabench: %s\n", qPrintable(scan->fatalError));
        return 2;
    }
    std::printf("dataset %s: %zu persons, %d photos\n", qPrintable(scan->dataset.root),
                scan->dataset.persons.size(), scan->dataset.photoCount());

    // 1. Counts after an edit. The workspace is a temporary folder: the dataset's is untouched.
    QTemporaryDir workspaceDir;
    ui::LabelSession session(scan, LabelOverlay{},
                             Workspace(workspaceDir.path(), scan->dataset.root));
    const AgeThresholds thresholds;
    const double core = medianMs(21, [&](int i) {
        session.edit({i % 50, -1, EditField::Age, QString::number(20 + i)});
        computeLabelStatistics(session.labels(), thresholds);
    });
    ui::EdaPanel panel;
    panel.resize(1300, 900);
    panel.setSession(&session);
    panel.compareCheck()->setChecked(true);
    const double refresh = medianMs(21, [&](int i) {
        session.edit({100 + i % 50, 2, EditField::Mask, QStringLiteral("normal")});
        panel.refreshNow();
    });
    std::printf("1. after an edit: label counts %.1f ms; EDA panel refresh (counts, original "
                "counts, 5 charts) %.1f ms; target < 100 ms\n",
                core, refresh);

    // 2. Image statistics vs decode only, on 3,000 photos (page cache warmed first).
    std::vector<QString> photos;
    for (const Person &p : scan->dataset.persons)
        for (int slot = 0; slot < kPhotoSlotCount && photos.size() < 3000; ++slot)
            photos.push_back(scan->dataset.photoPath(p, slot));
    for (const QString &path : photos)
        QFile(path).open(QIODevice::ReadOnly);
    auto decodeOnly = [&] {
        QElapsedTimer timer;
        timer.start();
        parallelFor(int64_t(photos.size()), 2, [&](int64_t i) {
            cv::imread(QFile::encodeName(photos[size_t(i)]).toStdString(), cv::IMREAD_COLOR);
        });
        return photos.size() / (timer.nsecsElapsed() / 1e9);
    };
    // Alternated twice, best of each, so drift in the machine's speed hits both sides alike.
    double decodeRate = 0;
    double statsRate = 0;
    for (int round = 0; round < 2; ++round) {
        decodeRate = std::max(decodeRate, decodeOnly());
        const ImageStatistics stats = computeImageStatistics(photos, 2);
        statsRate = std::max(statsRate, stats.images / stats.seconds);
    }
    std::printf("2. 2 threads, %zu photos: decode only %.0f images/s; image statistics %.0f "
                "images/s (%.0f%% of the decode-only rate)\n",
                photos.size(), decodeRate, statsRate, 100.0 * statsRate / decodeRate);

    // 3. Fifty persons' ages in one step, alternating values so every round changes them all.
    int changes = 0;
    QObject::connect(&session, &ui::LabelSession::personsChanged, [&] { ++changes; });
    auto fifty = [](int round) {
        QList<ui::FieldChange> list;
        for (int p = 200; p < 250; ++p)
            list << ui::FieldChange{p, -1, EditField::Age, QString::number(30 + round % 2)};
        return list;
    };
    const int rounds = 11;
    qint64 written = test::processBytesWritten();
    const double step =
        medianMs(rounds, [&](int i) { session.editMany(fifty(i), QStringLiteral("bench")); });
    const double stepKb = (test::processBytesWritten() - written) / 1024.0 / rounds;
    const int stepSignals = changes / rounds;
    changes = 0;
    written = test::processBytesWritten();
    const double singles = medianMs(rounds, [&](int i) {
        for (const ui::FieldChange &change : fifty(i + 1)) // i + 1: the step left fifty(10)
            session.edit(change);
    });
    std::printf("3. 50-person edit step: %.1f ms, %d signal(s), %.0f KiB written; as 50 single "
                "edits: %.1f ms, %d signals, %.0f KiB written (overlay of %d edits)\n",
                step, stepSignals, stepKb, singles, changes / rounds,
                (test::processBytesWritten() - written) / 1024.0 / rounds,
                session.labels().overlay().editCount());
    return 0;
}
