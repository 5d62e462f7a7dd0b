#include "edacharts.h"

#include <algorithm>

namespace masklab {

namespace {

template <size_t N> QVector<double> toVector(const std::array<int, N> &values)
{
    return QVector<double>(values.begin(), values.end());
}

QVector<double> indexKeys(int n)
{
    QVector<double> keys;
    for (int i = 0; i < n; ++i)
        keys << i;
    return keys;
}

template <size_t N>
BarChartData categoryChart(const char *name, const char *title, const QStringList &labels,
                           const std::array<int, N> &counts, const std::array<int, N> *original)
{
    BarChartData chart;
    chart.name = QLatin1String(name);
    chart.title = QLatin1String(title);
    chart.keys = indexKeys(int(N));
    chart.values = toVector(counts);
    chart.labels = labels;
    if (original)
        chart.original = toVector(*original);
    return chart;
}

// Persons per year of age, from the youngest person on; markers at the age-group boundaries.
BarChartData ageChart(const LabelStatistics &stats, const LabelStatistics *original)
{
    BarChartData chart;
    chart.name = QStringLiteral("ages");
    chart.title = QStringLiteral("Age (persons per year)");
    const std::vector<int> none;
    const std::vector<int> &before = original ? original->ageHistogram : none;
    const size_t last = std::max(stats.ageHistogram.size(), before.size());
    QVector<double> originalCounts;
    for (size_t age = 0; age < last; ++age) {
        const int n = age < stats.ageHistogram.size() ? stats.ageHistogram[age] : 0;
        const int o = age < before.size() ? before[age] : 0;
        if (chart.keys.isEmpty() && n == 0 && o == 0)
            continue;
        chart.keys << double(age);
        chart.values << n;
        originalCounts << o;
        chart.labels << QString::number(age);
    }
    if (original)
        chart.original = originalCounts;
    chart.markers = {stats.thresholds.middleFrom - 0.5, stats.thresholds.oldFrom - 0.5};
    chart.csv = ageHistogramCsv(stats, original);
    return chart;
}

} // namespace

std::vector<BarChartData> edaCharts(const LabelStatistics &stats, const LabelStatistics *original)
{
    QStringList classes;
    for (int c = 0; c < kClassCount; ++c)
        classes << QStringLiteral("%1 %2").arg(c).arg(className(c));
    QStringList groups;
    for (int g = 0; g < kAgeGroupCount; ++g)
        groups << ageGroupName(AgeGroup(g)) + u'\n' + ageGroupRange(AgeGroup(g), stats.thresholds);

    std::vector<BarChartData> charts;
    charts.push_back(categoryChart("classes", "Images per class", classes, stats.classImages,
                                   original ? &original->classImages : nullptr));
    charts.back().rotatedLabels = true;
    charts.back().csv = classCountsCsv(stats, original);
    charts.push_back(
        categoryChart("mask", "Mask state (images)",
                      {maskStateName(MaskState::Wear), maskStateName(MaskState::Incorrect),
                       maskStateName(MaskState::NotWear)},
                      stats.maskImages, original ? &original->maskImages : nullptr));
    charts.back().csv = maskCountsCsv(stats, original);
    charts.push_back(categoryChart(
        "gender", "Gender (persons)", {genderName(Gender::Male), genderName(Gender::Female)},
        stats.genderPersons, original ? &original->genderPersons : nullptr));
    charts.back().csv = genderCountsCsv(stats, original);
    charts.push_back(categoryChart("age_groups", "Age group (persons)", groups, stats.agePersons,
                                   original ? &original->agePersons : nullptr));
    charts.back().csv = ageGroupCountsCsv(stats, original);
    charts.push_back(ageChart(stats, original));
    return charts;
}

BarChartData brightnessChart(const ImageStatistics &train, const ImageStatistics *eval)
{
    auto share = [](const ImageStatistics &s, int level) {
        qint64 total = 0;
        for (qint64 n : s.brightness)
            total += n;
        return total ? 100.0 * s.brightness[size_t(level)] / total : 0.0;
    };
    BarChartData chart;
    chart.name = QStringLiteral("brightness");
    chart.title = QStringLiteral("Brightness (share of pixels per grey level)");
    chart.seriesName = QStringLiteral("train");
    chart.originalName = QStringLiteral("eval");
    chart.valueLabel = QStringLiteral("% of pixels");
    for (int level = 0; level < 256; ++level) {
        chart.keys << level;
        chart.values << share(train, level);
        if (eval)
            chart.original << share(*eval, level);
        chart.labels << QString::number(level);
    }
    chart.csv = brightnessCsv(train);
    return chart;
}

} // namespace masklab
