#include "barchart.h"

#include "chartexport.h"
#include "legendrow.h"

#include <QToolTip>

namespace masklab::ui {

BarChart::BarChart(const QString &title, QWidget *parent)
    : QCustomPlot(parent), m_title(title),
      m_heading(new QCPTextElement(this, title, QFont(font().family(), 10, QFont::Bold))),
      m_bars(new QCPBars(xAxis, yAxis)), m_original(new QCPBars(xAxis, yAxis)),
      m_group(new QCPBarsGroup(this))
{
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, m_heading);
    m_bars->setName(tr("current"));
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(QLatin1String(kCurrentBarColor)));
    m_original->setName(tr("original"));
    m_original->setPen(Qt::NoPen);
    m_original->setBrush(QColor(QLatin1String(kOriginalBarColor)));
    m_original->setVisible(false);
    legend->clearItems(); // the legend reads as the bars stand: original left, current right
    m_original->addToLegend();
    m_bars->addToLegend();
    m_group->setSpacingType(QCPBarsGroup::stPlotCoords); // labels and tests know the places
    m_group->setSpacing(kPairGap);
    m_bars->setWidthType(QCPBars::wtPlotCoords);
    m_original->setWidthType(QCPBars::wtPlotCoords);
    xAxis->grid()->setVisible(false);
    yAxis->setRangeLower(0);
    legend->setVisible(false);
    setMinimumSize(260, 200);
    setMouseTracking(true);
    setNoAntialiasingOnDrag(true);
    connect(this, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable *, int dataIndex, QMouseEvent *) {
                if (dataIndex >= 0 && dataIndex < m_keys.size())
                    emit categoryClicked(dataIndex);
            });
}

void BarChart::setData(const QVector<double> &keys, const QVector<double> &values,
                       const QStringList &labels, const QVector<double> &original)
{
    m_keys = keys;
    m_values = values;
    m_labels = labels;
    m_originalValues = original;
    const bool compare = !original.isEmpty();
    m_group->clear();
    if (compare) { // side by side: original (grey) left, current right
        m_group->append(m_original);
        m_group->append(m_bars);
    }
    m_bars->setWidth(compare ? 0.4 : 0.75);
    m_original->setWidth(0.4);
    m_bars->setData(keys, values, true);
    m_original->setData(keys, compare ? original : QVector<double>(keys.size(), 0), true);
    m_original->setVisible(compare);
    placeLegend(compare);

    BarChartData shown; // only for its label rule, which the SVG renderer shares
    shown.keys = keys;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < keys.size(); ++i) {
        if (shown.labelShown(i))
            ticker->addTick(keys[i], labels.value(i));
    }
    xAxis->setTicker(ticker);
    double top = 1;
    for (double v : values)
        top = std::max(top, v);
    for (double v : original)
        top = std::max(top, v);
    if (!keys.isEmpty())
        xAxis->setRange(keys.front() - 0.7, keys.back() + 0.7);
    labelValues();
    yAxis->setRange(0, top * (m_valueLabels.isEmpty() ? 1.1 : 1.2)); // room for the labels
    replot(QCustomPlot::rpQueuedReplot);
}

// The legend gets a row of its own between the title and the plot: inside the plot it hid
// bars (EDA's female bars, the Eval chart's tallest class).
void BarChart::placeLegend(bool shown)
{
    legend->setVisible(shown);
    if (shown == (m_legendRow != nullptr))
        return;
    if (shown) { // centred in its row, between two stretching spacers
        axisRect()->insetLayout()->take(legend);
        m_legendRow = legendRow(this, legend);
        plotLayout()->insertRow(1);
        plotLayout()->addElement(1, 0, m_legendRow);
        plotLayout()->setRowStretchFactor(1, 0.001);
    } else {
        m_legendRow->take(legend);
        plotLayout()->remove(m_legendRow); // deletes the row and its spacers
        plotLayout()->simplify();
        m_legendRow = nullptr;
        axisRect()->insetLayout()->addElement(legend, Qt::AlignRight | Qt::AlignTop);
    }
}

// Counts written above the bars when they are few enough to read: 11 and 12 look alike.
void BarChart::labelValues()
{
    for (QCPItemText *label : std::as_const(m_valueLabels))
        removeItem(label);
    m_valueLabels.clear();
    const bool compare = !m_originalValues.isEmpty();
    if (m_keys.size() > kMaxLabelledBars)
        return;
    // Comparing many categories, only the current bars say their count (the one that moved is
    // found by its bar); few, both do.
    const bool both = compare && m_keys.size() <= kMaxLabelledBars / 2;
    const auto add = [this](double key, double value) {
        auto *label = new QCPItemText(this);
        label->position->setCoords(key, value);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setText(QString::number(value, 'g', 6));
        label->setFont(QFont(font().family(), 7));
        label->setClipToAxisRect(false);
        m_valueLabels.append(label);
    };
    // Side by side, original left and current right of the key (as the bars group them).
    const double shift = compare ? (m_bars->width() + kPairGap) / 2 : 0;
    for (int i = 0; i < m_keys.size(); ++i) {
        add(m_keys[i] + shift, m_values.value(i));
        if (both)
            add(m_keys[i] - shift, m_originalValues.value(i));
    }
}

QRectF BarChart::barRect(int index, bool original) const
{
    const QCPBars *bars = original ? m_original : m_bars;
    const double width = bars->width();
    const double half = (width + kPairGap) / 2;
    const double shift = m_originalValues.isEmpty() ? 0 : (original ? -half : half);
    const double key = m_keys.value(index) + shift;
    const double value = original ? m_originalValues.value(index) : m_values.value(index);
    return QRectF(QPointF(xAxis->coordToPixel(key - width / 2), yAxis->coordToPixel(value)),
                  QPointF(xAxis->coordToPixel(key + width / 2), yAxis->coordToPixel(0)))
        .normalized();
}

void BarChart::setChart(const BarChartData &chart)
{
    m_title = chart.title;
    m_heading->setText(chart.title);
    setSeriesNames(chart.seriesName, chart.originalName);
    setValueLabel(chart.valueLabel);
    setRotatedLabels(chart.rotatedLabels);
    setData(chart.keys, chart.values, chart.labels, chart.original);
    setMarkers(chart.markers);
    setCsvProvider([csv = chart.csv] { return csv; });
}

void BarChart::setSeriesNames(const QString &current, const QString &other)
{
    m_bars->setName(current);
    m_original->setName(other);
}

void BarChart::setMarkers(const QVector<double> &keys)
{
    for (QCPItemStraightLine *line : m_markers)
        removeItem(line);
    m_markers.clear();
    for (double key : keys) {
        auto *line = new QCPItemStraightLine(this);
        line->point1->setCoords(key, 0);
        line->point2->setCoords(key, 1);
        line->setPen(QPen(QColor(QLatin1String(kMarkerColor)), 2, Qt::DashLine));
        m_markers.append(line);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

void BarChart::setRotatedLabels(bool rotated)
{
    xAxis->setTickLabelRotation(rotated ? 90 : 0);
}

int BarChart::indexAt(const QPointF &pos) const
{
    const double key = xAxis->pixelToCoord(pos.x());
    int best = -1;
    for (int i = 0; i < m_keys.size(); ++i) {
        if (std::abs(m_keys[i] - key) <= 0.5 &&
            (best < 0 || std::abs(m_keys[i] - key) < std::abs(m_keys[best] - key)))
            best = i;
    }
    return best;
}

void BarChart::mouseMoveEvent(QMouseEvent *event)
{
    QCustomPlot::mouseMoveEvent(event);
    const int i = indexAt(event->position());
    if (i < 0 || !axisRect()->rect().contains(event->position().toPoint())) {
        QToolTip::hideText();
        return;
    }
    double total = 0;
    for (double v : m_values)
        total += v;
    QString text = QStringLiteral("%1: %2 (%3%)")
                       .arg(m_labels.value(i))
                       .arg(m_values.value(i))
                       .arg(total > 0 ? 100.0 * m_values.value(i) / total : 0.0, 0, 'f', 1);
    if (!m_originalValues.isEmpty())
        text += QStringLiteral("\n%1: %2").arg(m_original->name()).arg(m_originalValues.value(i));
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

QString BarChart::exportPng(const QString &path)
{
    return exportChartPng(this, path);
}

QString BarChart::exportPdf(const QString &path)
{
    return exportChartPdf(this, path);
}

QString BarChart::exportCsv(const QString &path) const
{
    return exportChartCsv(m_csv, path);
}

void BarChart::contextMenuEvent(QContextMenuEvent *event)
{
    showChartExportMenu(this, m_title, m_csv, event->globalPos());
}

} // namespace masklab::ui
