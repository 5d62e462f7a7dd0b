#include "edareport.h"

#include "edacharts.h"
#include "svgchart.h"
#include "textfile.h"

#include <QSize>

namespace masklab {

namespace {

const char kHead[] =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>MaskLab EDA</title>"
    "<style>body{font-family:sans-serif;margin:2em}svg{max-width:100%;height:auto;"
    "border:1px solid #ddd}td,th{padding:4px 10px;border-bottom:1px solid #eee}</style>"
    "</head><body>\n";

QString summary(const EdaReport &report)
{
    const LabelStatistics &s = report.stats;
    return QStringLiteral("<h1>EDA of %1</h1>\n<p>%2 persons, %3 images (%4 excluded), age "
                          "groups young &lt;%5, middle %5-%6, old &ge;%7. Imbalance (largest / "
                          "smallest class): <b>%8x</b>.</p>\n")
        .arg(report.datasetRoot.toHtmlEscaped())
        .arg(s.persons)
        .arg(s.images)
        .arg(s.excludedImages)
        .arg(s.thresholds.middleFrom)
        .arg(s.thresholds.oldFrom - 1)
        .arg(s.thresholds.oldFrom)
        .arg(s.imbalanceRatio(), 0, 'f', 1);
}

QString genderAgeTable(const LabelStatistics &s)
{
    QString html = QStringLiteral("<h2>Gender x age group (persons)</h2>\n<table><tr><th></th>");
    for (int a = 0; a < kAgeGroupCount; ++a)
        html += QStringLiteral("<th>%1</th>").arg(ageGroupName(AgeGroup(a)));
    html += QStringLiteral("</tr>\n");
    for (int g = 0; g < kGenderCount; ++g) {
        html += QStringLiteral("<tr><th>%1</th>").arg(genderName(Gender(g)));
        for (int a = 0; a < kAgeGroupCount; ++a)
            html += QStringLiteral("<td>%1</td>").arg(s.genderAgePersons[size_t(g)][size_t(a)]);
        html += QStringLiteral("</tr>\n");
    }
    return html + QStringLiteral("</table><p><a href=\"gender_age.csv\">data (CSV)</a></p>\n");
}

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

QString imageStatisticsTable(const EdaReport &report)
{
    QString html =
        QStringLiteral("<h2>Image statistics</h2>\n<table><tr><th>set</th><th>images</th>"
                       "<th>not decoded</th><th>mean R, G, B</th><th>std R, G, B</th></tr>\n");
    html += statsRow("train", *report.trainImages);
    if (report.evalImages)
        html += statsRow("eval", *report.evalImages);
    const double seconds =
        report.trainImages->seconds + (report.evalImages ? report.evalImages->seconds : 0);
    return html + QStringLiteral("</table><p>%1 s to decode them.</p>\n").arg(seconds, 0, 'f', 1);
}

// One chart: DIR/NAME.svg and DIR/NAME.csv, and its section of index.html (the SVG inline, so
// hovering a bar shows its value).
bool writeChart(const BarChartData &chart, QSize size, const QString &dir, QString *html,
                QString *error)
{
    const QString svg = barChartSvg(chart, size.width(), size.height());
    if (!writeTextFile(dir + u'/' + chart.name + QStringLiteral(".svg"), svg, error) ||
        !writeTextFile(dir + u'/' + chart.name + QStringLiteral(".csv"), chart.csv, error))
        return false;
    *html += QStringLiteral("<h2>%1</h2>\n%2<p><a href=\"%3.svg\">picture (SVG)</a>, <a "
                            "href=\"%3.csv\">data (CSV)</a></p>\n")
                 .arg(chart.title.toHtmlEscaped(), svg, chart.name);
    return true;
}

} // namespace

int writeEdaReport(const EdaReport &report, const QString &dir, QString *error)
{
    QString html = QLatin1String(kHead) + summary(report);
    int written = 0;
    for (const BarChartData &chart : edaCharts(report.stats)) {
        const QSize size =
            chart.name == QLatin1String("classes") ? QSize(1100, 560) : QSize(800, 420);
        if (!writeChart(chart, size, dir, &html, error))
            return -1;
        written += 2;
        if (chart.name == QLatin1String("age_groups"))
            html += genderAgeTable(report.stats);
    }
    if (!writeTextFile(dir + QStringLiteral("/gender_age.csv"), genderAgeCsv(report.stats), error))
        return -1;
    if (report.trainImages) {
        html += imageStatisticsTable(report);
        BarChartData brightness =
            brightnessChart(*report.trainImages, report.evalImages ? &*report.evalImages : nullptr);
        brightness.name = QStringLiteral("brightness_train");
        if (!writeChart(brightness, QSize(1000, 380), dir, &html, error))
            return -1;
        written += 2;
        if (report.evalImages && !writeTextFile(dir + QStringLiteral("/brightness_eval.csv"),
                                                brightnessCsv(*report.evalImages), error))
            return -1;
    }
    html += QStringLiteral("</body></html>\n");
    if (!writeTextFile(dir + QStringLiteral("/index.html"), html, error))
        return -1;
    return written;
}

} // namespace masklab
