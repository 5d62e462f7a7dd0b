#pragma once
// Export of a QCustomPlot chart, shared by the EDA and training charts: the picture as PNG
// (2x, for print) or PDF, and the chart's data as CSV, from a context menu.

#include <QString>

#include <functional>

class QCustomPlot;
class QPoint;

namespace masklab::ui {

// Each returns an error message, empty on success.
QString exportChartPng(QCustomPlot *plot, const QString &path);
QString exportChartPdf(QCustomPlot *plot, const QString &path);
QString exportChartCsv(const std::function<QString()> &csv, const QString &path);

// The context menu with the three exports (the CSV entry disabled without a provider).
void showChartExportMenu(QCustomPlot *plot, const QString &title,
                         const std::function<QString()> &csv, const QPoint &globalPos);

} // namespace masklab::ui
