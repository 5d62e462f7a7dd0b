#pragma once
// A chart legend in a row of its own, centred between two stretching spacers, with its items
// side by side: put above a plot it covers no data, as a legend inside the plot does.

#include <qcustomplot.h>

namespace masklab::ui {

inline QCPLayoutGrid *legendRow(QCustomPlot *plot, QCPLegend *legend)
{
    auto *row = new QCPLayoutGrid;
    row->addElement(0, 0, new QCPLayoutElement(plot));
    row->addElement(0, 1, legend);
    row->addElement(0, 2, new QCPLayoutElement(plot));
    row->setColumnStretchFactors({1, 0.01, 1});
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setBorderPen(Qt::NoPen);
    return row;
}

} // namespace masklab::ui
