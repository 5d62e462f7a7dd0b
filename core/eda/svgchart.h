#pragma once
// Draws a BarChartData as a standalone SVG document, with no Qt Gui and no display: for the
// CLI's EDA report and anything else that writes charts on a server. Hovering a bar in a
// browser shows its value, as the app's tooltip does.

#include "barchartdata.h"

namespace masklab {

QString barChartSvg(const BarChartData &chart, int width, int height);

} // namespace masklab
