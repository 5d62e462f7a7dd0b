// masklab-cli eda DATASET --out DIR [--deep] [--workspace W]
// The EDA tab's charts without a display or widgets: SVG pictures, their data as CSV, and an
// HTML report, from the same chart definitions as the app (core/eda/edacharts.h).

#include "commandline.h"
#include "commands.h"
#include "edareport.h"
#include "effectivelabels.h"
#include "terminalprogress.h"

#include <QCommandLineParser>
#include <QDir>

#include <cstdio>

namespace masklab::cli {

namespace {

const char kEdaHelp[] =
    "Usage: masklab-cli eda DATASET --out DIR [--deep] [--workspace W]\n"
    "\n"
    "Writes the EDA of the effective labels (relabel overlay applied, the workspace's age\n"
    "thresholds): one SVG and one CSV per chart (classes, mask, gender, age groups, ages), the\n"
    "gender x age table, and DIR/index.html that shows them all.\n"
    "  --deep         also decode every image for pixel statistics (mean/std per channel,\n"
    "                 sizes, brightness chart), train and eval, with a progress bar\n"
    "  --workspace W  the workspace (default DATASET.masklab beside the dataset)\n";

} // namespace

int runEda(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("out"), QString(), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("workspace"), QString(), QStringLiteral("W")});
    parser.addOption({QStringLiteral("deep"), QString()});
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "eda", arguments, kEdaHelp, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(QStringLiteral("out"))) {
        std::fprintf(stderr, "masklab-cli eda: needs DATASET and --out DIR\n\n%s", kEdaHelp);
        return kExitUsage;
    }
    DataConfig data;
    data.dataset = parser.positionalArguments().front();
    data.workspace = parser.value(QStringLiteral("workspace"));
    const EffectiveLabels labels = loadEffectiveLabels(data);
    if (!labels.ok) {
        std::fprintf(stderr, "masklab-cli eda: %s\n", qPrintable(labels.error));
        return kExitUsage;
    }
    const QString root = labels.datasetRoot;
    const QString out = QDir(parser.value(QStringLiteral("out"))).absolutePath();
    if (out == root || out.startsWith(root + u'/') || !QDir().mkpath(out)) {
        std::fprintf(stderr, "masklab-cli eda: cannot write %s (never inside the dataset)\n",
                     qPrintable(out));
        return kExitUsage;
    }

    EdaReport report;
    report.datasetRoot = root;
    report.stats = computeLabelStatistics(labels.labels, labels.thresholds);
    if (parser.isSet(QStringLiteral("deep"))) {
        const Dataset &dataset = labels.labels.dataset();
        const std::vector<QString> eval = dataset.evalImagePaths();
        TerminalProgress bar;
        report.trainImages = computeImageStatistics(dataset.trainPhotoPaths(), 0, bar.sink());
        if (!eval.empty())
            report.evalImages = computeImageStatistics(eval, 0, bar.sink());
        bar.finish();
        const ImageStatistics &s = *report.trainImages;
        std::printf("image statistics: train mean RGB (%.4f, %.4f, %.4f) std (%.4f, %.4f, %.4f) "
                    "over %lld images\n",
                    s.mean[0], s.mean[1], s.mean[2], s.std[0], s.std[1], s.std[2],
                    (long long)s.images);
    }
    QString error;
    const int written = writeEdaReport(report, out, &error);
    if (written < 0) {
        std::fprintf(stderr, "masklab-cli eda: %s\n", qPrintable(error));
        return kExitUsage;
    }
    std::printf("wrote %d chart files, gender_age.csv and index.html to %s\n", written,
                qPrintable(out));
    return kExitOk;
}

} // namespace masklab::cli
