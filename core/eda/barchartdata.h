#pragma once
// A bar chart as data: what it shows, not how it is drawn. The EDA tab draws it with
// QCustomPlot (ui::BarChart), reports as SVG (svgchart.h); both read the same fields, so a
// chart is defined once (edacharts.h) for the app and the headless CLI.

#include <QString>
#include <QStringList>
#include <QVector>

namespace masklab {

struct BarChartData
{
    QString name;  // a file name for exports: "classes", "ages", ...
    QString title; // "Images per class"
    // x positions: 0..n-1 for categories, the value itself for histograms (ages, grey levels).
    QVector<double> keys;
    QVector<double> values;
    QStringList labels;       // one per key; '\n' breaks a label into lines
    QVector<double> original; // empty, or a second series drawn beside values
    QString seriesName = QStringLiteral("current");
    QString originalName = QStringLiteral("original");
    QString valueLabel;      // the y axis
    QVector<double> markers; // vertical dashed lines at these x positions
    bool rotatedLabels = false;
    QString csv; // the chart's data as CSV, for "Export data"

    bool compares() const { return !original.isEmpty(); }
    // Long axes (histograms) label round keys only, at most about 26 of them: every 5th age,
    // every 10th grey level. Both renderers follow this.
    bool labelShown(int index) const
    {
        if (keys.size() <= 20)
            return true;
        int step = 5;
        while (keys.size() / step > 26)
            step *= 2;
        return int(keys.value(index)) % step == 0;
    }
};

// The colours both renderers use (#rrggbb).
inline constexpr const char *kCurrentBarColor = "#1e6fb4";
inline constexpr const char *kOriginalBarColor = "#b0b0b0";
inline constexpr const char *kMarkerColor = "#c62828";

} // namespace masklab
