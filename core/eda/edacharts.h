#pragma once
// The EDA's charts, defined once for the EDA tab and the CLI's report: which counts each shows,
// with which labels, markers and CSV.

#include "barchartdata.h"
#include "imagestatistics.h"
#include "labelstatistics.h"

#include <vector>

namespace masklab {

// The order of edaCharts().
enum class EdaChart
{
    Classes,
    Mask,
    Gender,
    AgeGroups,
    Ages
};
inline constexpr int kEdaChartCount = 5;

// With original given, each chart shows it beside the current counts ("compare").
std::vector<BarChartData> edaCharts(const LabelStatistics &stats,
                                    const LabelStatistics *original = nullptr);

// Share of pixels per grey level, train beside eval when eval is given.
BarChartData brightnessChart(const ImageStatistics &train, const ImageStatistics *eval);

} // namespace masklab
