#include "chartexport.h"

#include "textfile.h"

#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>

#include <qcustomplot.h>

namespace masklab::ui {

QString exportChartPng(QCustomPlot *plot, const QString &path)
{
    return plot->savePng(path, 0, 0, 2.0)
               ? QString()
               : QCoreApplication::translate("ChartExport", "%1: cannot write the PNG").arg(path);
}

QString exportChartPdf(QCustomPlot *plot, const QString &path)
{
    return plot->savePdf(path)
               ? QString()
               : QCoreApplication::translate("ChartExport", "%1: cannot write the PDF").arg(path);
}

QString exportChartCsv(const std::function<QString()> &csv, const QString &path)
{
    QString error;
    if (csv)
        writeTextFile(path, csv(), &error);
    return error;
}

void showChartExportMenu(QCustomPlot *plot, const QString &title,
                         const std::function<QString()> &csv, const QPoint &globalPos)
{
    QMenu menu(plot);
    const QString base = title.toLower().replace(u' ', u'_');
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("ChartExport", text);
    };
    // Asks for the file, runs the export and says so when it failed.
    const auto exportTo = [plot, title, base,
                           tr](const QString &suffix, const QString &filter,
                               const std::function<QString(const QString &)> &write) {
        const QString path = QFileDialog::getSaveFileName(plot, tr("Export %1").arg(title),
                                                          base + u'.' + suffix, filter);
        if (path.isEmpty())
            return;
        const QString error = write(path);
        if (!error.isEmpty())
            QMessageBox::warning(plot, tr("Export"), error);
    };
    menu.addAction(tr("Export picture as PNG..."), plot, [=] {
        exportTo(QStringLiteral("png"), tr("PNG images (*.png)"),
                 [plot](const QString &path) { return exportChartPng(plot, path); });
    });
    menu.addAction(tr("Export picture as PDF..."), plot, [=] {
        exportTo(QStringLiteral("pdf"), tr("PDF files (*.pdf)"),
                 [plot](const QString &path) { return exportChartPdf(plot, path); });
    });
    QAction *data = menu.addAction(tr("Export data as CSV..."), plot, [=] {
        exportTo(QStringLiteral("csv"), tr("CSV files (*.csv)"),
                 [csv](const QString &path) { return exportChartCsv(csv, path); });
    });
    data->setEnabled(bool(csv));
    menu.exec(globalPos);
}

} // namespace masklab::ui
