#pragma once
// A bar chart of named categories (QCustomPlot): optional "original" bars beside the current
// ones with their legend in a row above the plot (never over a bar), the counts written above
// the bars when they are few, vertical marker lines, exact values in tooltips, click-to-select a
// category, and export of the picture (PNG, PDF) and of its data (CSV) from the context menu.

#include "barchartdata.h"

#include <qcustomplot.h>

#include <functional>

namespace masklab::ui {

class BarChart : public QCustomPlot
{
    Q_OBJECT
public:
    explicit BarChart(const QString &title = QString(), QWidget *parent = nullptr);

    // Shows a chart defined in core (edacharts.h): title, data, markers, names and CSV.
    void setChart(const BarChartData &chart);

    // keys are the x positions (0..n-1 for categories, or ages for a histogram).
    void setData(const QVector<double> &keys, const QVector<double> &values,
                 const QStringList &labels, const QVector<double> &original = {});
    void setMarkers(const QVector<double> &keys); // vertical lines, e.g. age thresholds
    void setValueLabel(const QString &label) { yAxis->setLabel(label); }
    // Legend names of the two series (default "current" and "original").
    void setSeriesNames(const QString &current, const QString &other);
    void setRotatedLabels(bool rotated);
    // Produces the chart's data as CSV for "Export data".
    void setCsvProvider(std::function<QString()> provider) { m_csv = std::move(provider); }
    QString title() const { return m_title; }

    QString exportPng(const QString &path);
    QString exportPdf(const QString &path);
    QString exportCsv(const QString &path) const;
    double valueAt(int index) const { return m_values.value(index); }
    QVector<double> keys() const { return m_keys; }
    // Where a bar is drawn, in widget pixels (after a replot), and the counts above the bars.
    QRectF barRect(int index, bool original = false) const;
    int valueLabelCount() const { return int(m_valueLabels.size()); }

signals:
    // index into the keys given to setData
    void categoryClicked(int index);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    static constexpr int kMaxLabelledBars = 24; // 18 classes and 3 groups, not 80 ages
    static constexpr double kPairGap = 0.04;    // between an original bar and the current one

    int indexAt(const QPointF &pos) const;
    void placeLegend(bool shown);
    void labelValues();

    QString m_title;
    QCPTextElement *m_heading;
    QCPBars *m_bars;
    QCPBars *m_original;
    QCPBarsGroup *m_group;
    QVector<double> m_keys;
    QVector<double> m_values;
    QVector<double> m_originalValues;
    QStringList m_labels;
    QList<QCPItemStraightLine *> m_markers;
    QList<QCPItemText *> m_valueLabels;
    QCPLayoutGrid *m_legendRow = nullptr; // the legend's row above the plot, while shown
    std::function<QString()> m_csv;
};

} // namespace masklab::ui
