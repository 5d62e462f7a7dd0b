// The EDA charts as core defines them (edacharts.h), drawn as SVG without a display
// (svgchart.h), and the report folder the CLI writes (edareport.h). Runs with QCoreApplication
// only: nothing here may need Qt Gui.

#include "datasetscanner.h"
#include "edacharts.h"
#include "edareport.h"
#include "labeleddataset.h"
#include "svgchart.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace masklab;
using namespace masklab::test;

namespace {

struct SvgBar
{
    double height = 0;
    QString fill;
    QString tooltip;
};

// What a browser would show: the bars with their tooltips, the dashed lines and every text.
struct ParsedSvg
{
    QString error; // empty when the document is well-formed XML
    std::vector<SvgBar> bars;
    int dashedLines = 0;
    QStringList texts;
};

ParsedSvg parseSvg(const QString &svg)
{
    ParsedSvg parsed;
    QXmlStreamReader xml(svg);
    SvgBar *open = nullptr;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"rect" &&
            xml.attributes().hasAttribute(QLatin1String("height")) &&
            !xml.attributes().value(QLatin1String("height")).endsWith(u'%')) {
            parsed.bars.push_back({xml.attributes().value(QLatin1String("height")).toDouble(),
                                   xml.attributes().value(QLatin1String("fill")).toString(),
                                   QString()});
            open = &parsed.bars.back();
        } else if (xml.isStartElement() && xml.name() == u"title" && open) {
            open->tooltip = xml.readElementText();
        } else if (xml.isEndElement() && xml.name() == u"rect") {
            open = nullptr;
        } else if (xml.isStartElement() && xml.name() == u"line" &&
                   xml.attributes().hasAttribute(QLatin1String("stroke-dasharray"))) {
            ++parsed.dashedLines;
        } else if (xml.isCharacters() && !xml.isWhitespace()) {
            parsed.texts << xml.text().toString();
        }
    }
    if (xml.hasError())
        parsed.error = xml.errorString();
    // Legend swatches have no tooltip; they are not bars.
    parsed.bars.erase(std::remove_if(parsed.bars.begin(), parsed.bars.end(),
                                     [](const SvgBar &b) { return b.tooltip.isEmpty(); }),
                      parsed.bars.end());
    return parsed;
}

} // namespace

class TestEdaReport : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    std::optional<LabeledDataset> m_labels;
    LabelStatistics m_stats;
    LabelStatistics m_original;

private slots:
    void initTestCase()
    {
        const QString root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(root, 30, 0, 0, false, 64, 85));
        auto dataset = std::make_shared<Dataset>(scanDataset(root).dataset);
        // Two edits, so that the current and original counts differ.
        m_labels.emplace(dataset);
        QVERIFY(m_labels->setGender(0, Gender(1 - int(m_labels->gender(0)))));
        QVERIFY(m_labels->setAge(1, 75));
        const AgeThresholds thresholds{30, 60};
        m_stats = computeLabelStatistics(*m_labels, thresholds);
        m_original = computeOriginalStatistics(*m_labels, thresholds);
        QVERIFY(m_stats.ageHistogram != m_original.ageHistogram);
    }

    void chartsShowTheStatistics()
    {
        const std::vector<BarChartData> charts = edaCharts(m_stats);
        QCOMPARE(int(charts.size()), kEdaChartCount);
        QCOMPARE(charts[size_t(EdaChart::Classes)].name, QStringLiteral("classes"));
        QCOMPARE(charts[size_t(EdaChart::Ages)].name, QStringLiteral("ages"));
        const BarChartData &classes = charts[size_t(EdaChart::Classes)];
        QCOMPARE(classes.keys.size(), kClassCount);
        for (int c = 0; c < kClassCount; ++c)
            QCOMPARE(classes.values[c], double(m_stats.classImages[size_t(c)]));
        QCOMPARE(classes.labels[4], QStringLiteral("4 %1").arg(className(4)));
        QCOMPARE(classes.csv, classCountsCsv(m_stats));
        QVERIFY(!classes.compares());

        const BarChartData &ages = charts[size_t(EdaChart::Ages)];
        QCOMPARE(ages.markers, (QVector<double>{29.5, 59.5}));
        double persons = 0;
        for (int i = 0; i < ages.keys.size(); ++i) {
            persons += ages.values[i];
            QCOMPARE(ages.values[i], double(m_stats.ageHistogram[size_t(ages.keys[i])]));
        }
        QCOMPARE(persons, double(m_stats.persons));
        QVERIFY(ages.values.front() > 0); // starts at the youngest person
    }

    void compareShowsTheOriginalCounts()
    {
        const std::vector<BarChartData> charts = edaCharts(m_stats, &m_original);
        for (const BarChartData &chart : charts) {
            QVERIFY2(chart.compares(), qPrintable(chart.name));
            QCOMPARE(chart.original.size(), chart.values.size());
        }
        const BarChartData &genders = charts[size_t(EdaChart::Gender)];
        QCOMPARE(genders.original[0], double(m_original.genderPersons[0]));
        QVERIFY(genders.original != genders.values);
        QCOMPARE(genders.csv, genderCountsCsv(m_stats, &m_original));
    }

    void svgDrawsEveryBar_data()
    {
        QTest::addColumn<int>("chart");
        QTest::addColumn<bool>("compare");
        for (int c = 0; c < kEdaChartCount; ++c) {
            QTest::addRow("chart %d", c) << c << false;
            QTest::addRow("chart %d, compared", c) << c << true;
        }
    }

    void svgDrawsEveryBar()
    {
        QFETCH(int, chart);
        QFETCH(bool, compare);
        const BarChartData data =
            edaCharts(m_stats, compare ? &m_original : nullptr)[size_t(chart)];
        const ParsedSvg svg = parseSvg(barChartSvg(data, 800, 420));
        QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
        QVERIFY(svg.texts.contains(data.title));
        QCOMPARE(int(svg.bars.size()), data.keys.size() * (compare ? 2 : 1));
        QCOMPARE(svg.dashedLines, int(data.markers.size()));

        // Current bars: in key order, tooltip "label: value (share%)", height in proportion.
        std::vector<SvgBar> current;
        for (const SvgBar &bar : svg.bars)
            if (bar.fill == QLatin1String(kCurrentBarColor))
                current.push_back(bar);
        QCOMPARE(int(current.size()), data.keys.size());
        const int tallest =
            int(std::max_element(data.values.begin(), data.values.end()) - data.values.begin());
        const double pixelsPerUnit = current[size_t(tallest)].height / data.values[tallest];
        for (int i = 0; i < data.keys.size(); ++i) {
            const QString label = QString(data.labels[i]).replace(u'\n', u' ');
            QVERIFY2(current[size_t(i)].tooltip.startsWith(
                         QStringLiteral("%1: %2 (").arg(label).arg(data.values[i])),
                     qPrintable(current[size_t(i)].tooltip));
            QVERIFY(std::abs(current[size_t(i)].height - data.values[i] * pixelsPerUnit) < 0.2);
        }
        for (int i = 0; i < data.labels.size(); ++i)
            if (data.labelShown(i))
                QVERIFY(svg.texts.contains(data.labels[i].section(u'\n', 0, 0)));
    }

    void svgEscapesText()
    {
        BarChartData chart;
        chart.title = QStringLiteral("Fish & <chips>");
        chart.keys = {0, 1};
        chart.values = {3, 4};
        chart.labels = {QStringLiteral("a<b"), QStringLiteral("\"quoted\" & more")};
        const ParsedSvg svg = parseSvg(barChartSvg(chart, 400, 300));
        QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
        QVERIFY(svg.texts.contains(chart.title));
        QVERIFY(svg.texts.contains(chart.labels[1]));
        QCOMPARE(svg.bars.front().tooltip, QStringLiteral("a<b: 3 (42.9%)"));
    }

    void emptyChartSaysSo()
    {
        BarChartData chart;
        chart.title = QStringLiteral("Nothing");
        const ParsedSvg svg = parseSvg(barChartSvg(chart, 400, 300));
        QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
        QVERIFY(svg.bars.empty());
        QVERIFY(svg.texts.contains(QStringLiteral("no data")));
    }

    void reportWritesEveryChart()
    {
        const QString dir = m_tmp.filePath("report");
        QVERIFY(QDir().mkpath(dir));
        EdaReport report;
        report.datasetRoot = QStringLiteral("/data/<mine>");
        report.stats = m_stats;
        report.trainImages = ImageStatistics{};
        report.trainImages->images = 7;
        report.trainImages->brightness[100] = 5;
        QString error;
        QCOMPARE(writeEdaReport(report, dir, &error), 12);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const char *name :
             {"classes", "mask", "gender", "age_groups", "ages", "brightness_train"}) {
            const ParsedSvg svg =
                parseSvg(QString::fromUtf8(readFile(dir + u'/' + name + QStringLiteral(".svg"))));
            QVERIFY2(svg.error.isEmpty() && !svg.bars.empty(), name);
            QVERIFY(readFile(dir + u'/' + name + QStringLiteral(".csv")).contains(','));
        }
        QCOMPARE(readFile(dir + "/classes.csv"), classCountsCsv(m_stats).toUtf8());
        QCOMPARE(readFile(dir + "/gender_age.csv"), genderAgeCsv(m_stats).toUtf8());
        const QString html = QString::fromUtf8(readFile(dir + "/index.html"));
        QCOMPARE(html.count(QStringLiteral("<svg ")), 6); // inline: tooltips work in a browser
        QVERIFY(html.contains(QStringLiteral("/data/&lt;mine&gt;")));
        QVERIFY(html.contains(
            QStringLiteral("%1 persons, %2 images").arg(m_stats.persons).arg(m_stats.images)));
        QVERIFY(html.contains(QStringLiteral("<td>train</td><td>7</td>")));
    }

    void reportNamesTheFileItCannotWrite()
    {
        const QString dir = m_tmp.filePath("blocked");
        QVERIFY(QDir().mkpath(dir + "/ages.svg")); // a folder where the picture goes
        EdaReport report;
        report.stats = m_stats;
        QString error;
        QCOMPARE(writeEdaReport(report, dir, &error), -1);
        QVERIFY2(error.contains(QStringLiteral("ages.svg")), qPrintable(error));
        QVERIFY(!QFile::exists(dir + "/index.html"));
    }
};

QTEST_GUILESS_MAIN(TestEdaReport)
#include "tst_edareport.moc"
