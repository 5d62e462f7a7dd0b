// masklab-cli eda DATASET --out DIR [--deep] [--workspace W]
// The EDA tab's charts without a display: PNGs, their data as CSV, and an HTML report.

#include "barchart.h"
#include "commandline.h"
#include "commands.h"
#include "datasetscanner.h"
#include "edapanel.h"
#include "imagestatistics.h"
#include "labelsession.h"
#include "terminalprogress.h"
#include "textfile.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QDir>

#include <cstdio>

namespace masklab::cli {

namespace {

const char kEdaHelp[] =
    "Usage: masklab-cli eda DATASET --out DIR [--deep] [--workspace W]\n"
    "\n"
    "Writes the EDA of the effective labels (relabel overlay applied, the workspace's age\n"
    "thresholds): one PNG and one CSV per chart (classes, mask, gender, age groups, ages), the\n"
    "gender x age table, and DIR/index.html that shows them all.\n"
    "  --deep         also decode every image for pixel statistics (mean/std per channel,\n"
    "                 sizes, brightness), train and eval, with a progress bar\n"
    "  --workspace W  the workspace (default DATASET.masklab beside the dataset)\n";

// File names of panel.charts(), in its order.
const char *const kChartFiles[] = {"classes", "mask", "gender", "age_groups", "ages"};

QString statsRow(const char *name, const ImageStatistics &s)
{
    return QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4, %5, %6</td>"
                          "<td>%7, %8, %9</td></tr>\n")
        .arg(QLatin1String(name))
        .arg(s.images)
        .arg(s.failed)
        .arg(s.mean[0], 0, 'f', 4)
        .arg(s.mean[1], 0, 'f', 4)
        .arg(s.mean[2], 0, 'f', 4)
        .arg(s.std[0], 0, 'f', 4)
        .arg(s.std[1], 0, 'f', 4)
        .arg(s.std[2], 0, 'f', 4);
}

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
    auto scan = std::make_shared<ScanResult>(indexDataset(parser.positionalArguments().front()));
    if (!scan->located) {
        std::fprintf(stderr, "masklab-cli eda: %s\n", qPrintable(scan->fatalError));
        return kExitUsage;
    }
    const QString root = scan->dataset.root;
    const QString wsDir = parser.value(QStringLiteral("workspace"));
    const Workspace workspace(wsDir.isEmpty() ? Workspace::defaultDirFor(root) : wsDir, root);
    QString error;
    auto overlay = workspace.loadOverlay(&error);
    if (!overlay) {
        std::fprintf(stderr, "masklab-cli eda: the relabel overlay cannot be read: %s\n",
                     qPrintable(error));
        return kExitUsage;
    }
    const QString out = QDir(parser.value(QStringLiteral("out"))).absolutePath();
    if (out == root || out.startsWith(root + u'/') || !QDir().mkpath(out)) {
        std::fprintf(stderr, "masklab-cli eda: cannot write %s (never inside the dataset)\n",
                     qPrintable(out));
        return kExitUsage;
    }

    // The same panel as the GUI's EDA tab, offscreen: one source for both.
    ui::LabelSession session(scan, std::move(*overlay), workspace);
    if (!session.lastSaveError().isEmpty()) {
        std::fprintf(stderr, "masklab-cli eda: %s\n", qPrintable(session.lastSaveError()));
        return kExitUsage;
    }
    ui::EdaPanel panel;
    panel.resize(1200, 900);
    panel.setSession(&session);
    const LabelStatistics &stats = panel.statistics();

    QString html = QStringLiteral(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>MaskLab EDA</title>"
        "<style>body{font-family:sans-serif;margin:2em}img{max-width:100%;border:1px solid #ddd}"
        "td,th{padding:4px 10px;border-bottom:1px solid #eee}</style></head><body>\n");
    html += QStringLiteral("<h1>EDA of %1</h1>\n<p>%2 persons, %3 images (%4 excluded), age "
                           "groups young &lt;%5, middle %5-%6, old &ge;%7. Imbalance (largest / "
                           "smallest class): <b>%8x</b>.</p>\n")
                .arg(root.toHtmlEscaped())
                .arg(stats.persons)
                .arg(stats.images)
                .arg(stats.excludedImages)
                .arg(stats.thresholds.middleFrom)
                .arg(stats.thresholds.oldFrom - 1)
                .arg(stats.thresholds.oldFrom)
                .arg(stats.imbalanceRatio(), 0, 'f', 1);
    int written = 0;
    const QList<ui::BarChart *> charts = panel.charts();
    for (int i = 0; i < charts.size(); ++i) {
        ui::BarChart *chart = charts[i];
        const QString base = QString::fromLatin1(kChartFiles[i]);
        chart->resize(chart == panel.classChart() ? QSize(1100, 560) : QSize(800, 420));
        QString problem = chart->exportPng(out + u'/' + base + QStringLiteral(".png"));
        if (problem.isEmpty())
            problem = chart->exportCsv(out + u'/' + base + QStringLiteral(".csv"));
        if (!problem.isEmpty()) {
            std::fprintf(stderr, "masklab-cli eda: %s\n", qPrintable(problem));
            return kExitUsage;
        }
        html += QStringLiteral("<h2>%1</h2>\n<p><img src=\"%2.png\" alt=\"%1\"><br><a "
                               "href=\"%2.csv\">data (CSV)</a></p>\n")
                    .arg(chart->title().toHtmlEscaped(), base);
        written += 2;
    }
    if (!writeTextFile(out + QStringLiteral("/gender_age.csv"), genderAgeCsv(stats), &error)) {
        std::fprintf(stderr, "masklab-cli eda: %s\n", qPrintable(error));
        return kExitUsage;
    }
    html += QStringLiteral("<h2>Gender x age group (persons)</h2>\n<table><tr><th></th>");
    for (int a = 0; a < kAgeGroupCount; ++a)
        html += QStringLiteral("<th>%1</th>").arg(ageGroupName(AgeGroup(a)));
    html += QStringLiteral("</tr>\n");
    for (int g = 0; g < kGenderCount; ++g) {
        html += QStringLiteral("<tr><th>%1</th>").arg(genderName(Gender(g)));
        for (int a = 0; a < kAgeGroupCount; ++a)
            html += QStringLiteral("<td>%1</td>").arg(stats.genderAgePersons[size_t(g)][size_t(a)]);
        html += QStringLiteral("</tr>\n");
    }
    html += QStringLiteral("</table><p><a href=\"gender_age.csv\">data (CSV)</a></p>\n");

    if (parser.isSet(QStringLiteral("deep"))) {
        std::vector<QString> train, eval;
        for (const Person &p : scan->dataset.persons)
            for (int slot = 0; slot < kPhotoSlotCount; ++slot)
                if (!p.photos[size_t(slot)].fileName.isEmpty())
                    train.push_back(scan->dataset.photoPath(p, slot));
        for (const EvalImage &image : scan->dataset.evalImages)
            if (!image.image.fileName.isEmpty())
                eval.push_back(scan->dataset.evalImagePath(image));
        TerminalProgress bar;
        const ImageStatistics trainStats = computeImageStatistics(train, 0, bar.sink());
        const ImageStatistics evalStats = computeImageStatistics(eval, 0, bar.sink());
        bar.finish();
        writeTextFile(out + QStringLiteral("/brightness_train.csv"), brightnessCsv(trainStats),
                      &error);
        if (!eval.empty())
            writeTextFile(out + QStringLiteral("/brightness_eval.csv"), brightnessCsv(evalStats),
                          &error);
        html +=
            QStringLiteral("<h2>Image statistics</h2>\n<table><tr><th>set</th><th>images</th>"
                           "<th>not decoded</th><th>mean R, G, B</th><th>std R, G, B</th></tr>\n");
        html += statsRow("train", trainStats);
        if (!eval.empty())
            html += statsRow("eval", evalStats);
        html += QStringLiteral("</table><p><a href=\"brightness_train.csv\">train brightness "
                               "(CSV)</a>%1 (%2 s)</p>\n")
                    .arg(eval.empty() ? QString()
                                      : QStringLiteral(", <a href=\"brightness_eval.csv\">eval "
                                                       "brightness (CSV)</a>"))
                    .arg(trainStats.seconds + evalStats.seconds, 0, 'f', 1);
        std::printf("image statistics: train mean RGB (%.4f, %.4f, %.4f) std (%.4f, %.4f, %.4f) "
                    "over %lld images\n",
                    trainStats.mean[0], trainStats.mean[1], trainStats.mean[2], trainStats.std[0],
                    trainStats.std[1], trainStats.std[2], (long long)trainStats.images);
    }
    html += QStringLiteral("</body></html>\n");
    if (!writeTextFile(out + QStringLiteral("/index.html"), html, &error)) {
        std::fprintf(stderr, "masklab-cli eda: %s\n", qPrintable(error));
        return kExitUsage;
    }
    std::printf("wrote %d chart files, gender_age.csv and index.html to %s\n", written,
                qPrintable(out));
    return kExitOk;
}

} // namespace masklab::cli
