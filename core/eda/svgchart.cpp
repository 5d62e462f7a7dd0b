#include "svgchart.h"

#include <algorithm>
#include <cmath>

namespace masklab {

namespace {

constexpr double kLeft = 64, kRight = 16, kTop = 40;
constexpr double kCharWidth = 6.5, kLineHeight = 14;

QString num(double v)
{
    return QString::number(v, 'f', 1);
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

// 1, 2 or 5 times a power of ten, about a fifth of top.
double tickStep(double top)
{
    const double raw = top / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double r = raw / magnitude;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
}

// Where the plot area sits and how keys and values map into it.
struct Frame
{
    double left, top, right, bottom; // pixels
    double firstKey, lastKey, maxValue;

    double x(double key) const
    {
        return left + (key - firstKey) / (lastKey - firstKey) * (right - left);
    }
    double y(double value) const { return bottom - value / maxValue * (bottom - top); }
};

double bottomMargin(const BarChartData &chart)
{
    int longest = 0, lines = 1;
    for (int i = 0; i < chart.labels.size(); ++i) {
        if (!chart.labelShown(i))
            continue;
        const QStringList parts = chart.labels[i].split(u'\n');
        lines = std::max(lines, int(parts.size()));
        for (const QString &part : parts)
            longest = std::max(longest, int(part.size()));
    }
    return chart.rotatedLabels ? std::min(180.0, 14 + kCharWidth * longest)
                               : 12 + kLineHeight * lines;
}

QString valueAxis(const Frame &f, const BarChartData &chart)
{
    QString svg;
    const double step = tickStep(f.maxValue);
    for (double v = 0; v <= f.maxValue + 1e-9; v += step) {
        svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%3\" y2=\"%2\" stroke=\"#e6e6e6\"/>"
                              "<text x=\"%4\" y=\"%5\" text-anchor=\"end\">%6</text>\n")
                   .arg(num(f.left), num(f.y(v)), num(f.right), num(f.left - 6), num(f.y(v) + 4),
                        QString::number(v, 'g', 6));
    }
    if (!chart.valueLabel.isEmpty()) {
        const double mid = (f.top + f.bottom) / 2;
        svg += QStringLiteral("<text transform=\"translate(14 %1) rotate(-90)\" "
                              "text-anchor=\"middle\">%2</text>\n")
                   .arg(num(mid), escaped(chart.valueLabel));
    }
    svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#444\"/>"
                          "<line x1=\"%1\" y1=\"%3\" x2=\"%4\" y2=\"%3\" stroke=\"#444\"/>\n")
               .arg(num(f.left), num(f.top), num(f.bottom), num(f.right));
    return svg;
}

QString bar(const Frame &f, double key, double width, double value, const char *color,
            const QString &tooltip)
{
    const double x0 = f.x(key - width / 2), x1 = f.x(key + width / 2);
    return QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\">"
                          "<title>%6</title></rect>\n")
        .arg(num(x0), num(f.y(value)), num(x1 - x0), num(f.bottom - f.y(value)),
             QLatin1String(color), escaped(tooltip));
}

QString bars(const Frame &f, const BarChartData &chart)
{
    double total = 0;
    for (double v : chart.values)
        total += v;
    const bool compare = chart.compares();
    QString svg;
    for (int i = 0; i < chart.keys.size(); ++i) {
        const double key = chart.keys[i], value = chart.values.value(i);
        const QString label = QString(chart.labels.value(i)).replace(u'\n', u' ');
        const QString share = QString::number(total > 0 ? 100.0 * value / total : 0.0, 'f', 1);
        const QString tip = QStringLiteral("%1: %2 (%3%)").arg(label).arg(value).arg(share);
        if (compare) { // original (grey) left, current right, as in the app
            const QString before =
                QStringLiteral("%1: %2 %3").arg(label, chart.originalName).arg(chart.original[i]);
            svg += bar(f, key - 0.2, 0.4, chart.original[i], kOriginalBarColor, before);
            svg += bar(f, key + 0.2, 0.4, value, kCurrentBarColor, tip);
        } else {
            svg += bar(f, key, 0.75, value, kCurrentBarColor, tip);
        }
    }
    return svg;
}

QString keyAxis(const Frame &f, const BarChartData &chart)
{
    QString svg;
    for (int i = 0; i < chart.keys.size(); ++i) {
        if (!chart.labelShown(i))
            continue;
        const double x = f.x(chart.keys[i]);
        if (chart.rotatedLabels) {
            svg += QStringLiteral("<text transform=\"translate(%1 %2) rotate(-90)\" "
                                  "text-anchor=\"end\">%3</text>\n")
                       .arg(num(x + 4), num(f.bottom + 8), escaped(chart.labels.value(i)));
            continue;
        }
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\">")
                   .arg(num(x), num(f.bottom + 16));
        const QStringList lines = chart.labels.value(i).split(u'\n');
        for (int l = 0; l < lines.size(); ++l)
            svg += QStringLiteral("<tspan x=\"%1\" dy=\"%2\">%3</tspan>")
                       .arg(num(x), l == 0 ? QStringLiteral("0") : num(kLineHeight),
                            escaped(lines[l]));
        svg += QStringLiteral("</text>\n");
    }
    return svg;
}

QString markers(const Frame &f, const BarChartData &chart)
{
    QString svg;
    for (double key : chart.markers) {
        if (key < f.firstKey || key > f.lastKey)
            continue;
        svg += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"%4\" "
                              "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n")
                   .arg(num(f.x(key)), num(f.top), num(f.bottom), QLatin1String(kMarkerColor));
    }
    return svg;
}

QString legend(double right, const BarChartData &chart)
{
    QString svg;
    double x = right - 190;
    for (const auto &[name, color] : {std::pair{chart.originalName, kOriginalBarColor},
                                      std::pair{chart.seriesName, kCurrentBarColor}}) {
        svg += QStringLiteral("<rect x=\"%1\" y=\"24\" width=\"12\" height=\"12\" fill=\"%2\"/>"
                              "<text x=\"%3\" y=\"34\">%4</text>\n")
                   .arg(num(x), QLatin1String(color), num(x + 16), escaped(name));
        x += 95;
    }
    return svg;
}

} // namespace

QString barChartSvg(const BarChartData &chart, int width, int height)
{
    Frame f;
    f.left = kLeft + (chart.valueLabel.isEmpty() ? 0 : 14);
    f.right = width - kRight;
    f.top = kTop;
    f.bottom = std::max(f.top + 40, height - bottomMargin(chart));
    f.firstKey = chart.keys.isEmpty() ? 0 : chart.keys.front() - 0.7;
    f.lastKey = chart.keys.isEmpty() ? 1 : chart.keys.back() + 0.7;
    double top = 1;
    for (double v : chart.values)
        top = std::max(top, v);
    for (double v : chart.original)
        top = std::max(top, v);
    f.maxValue = top * 1.1;

    QString svg = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" "
                                 "height=\"%2\" viewBox=\"0 0 %1 %2\" font-family=\"sans-serif\" "
                                 "font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" "
                                 "fill=\"white\"/>\n<text x=\"%3\" y=\"18\" text-anchor=\"middle\" "
                                 "font-size=\"14\" font-weight=\"bold\">%4</text>\n")
                      .arg(width)
                      .arg(height)
                      .arg(num(width / 2.0), escaped(chart.title));
    if (chart.compares())
        svg += legend(f.right, chart);
    svg += valueAxis(f, chart);
    svg += bars(f, chart);
    svg += markers(f, chart);
    svg += keyAxis(f, chart);
    if (chart.keys.isEmpty())
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" fill=\"#888\">"
                              "no data</text>\n")
                   .arg(num((f.left + f.right) / 2), num((f.top + f.bottom) / 2));
    return svg + QStringLiteral("</svg>\n");
}

} // namespace masklab
