#pragma once
// The EDA as a folder a browser opens: every chart of the EDA tab as SVG and CSV, the gender x
// age table, the image statistics when computed, and index.html showing them all. Written by
// `masklab-cli eda` without a display, from the same chart definitions as the app (edacharts.h).

#include "imagestatistics.h"
#include "labelstatistics.h"

#include <optional>

namespace masklab {

struct EdaReport
{
    QString datasetRoot;
    LabelStatistics stats;
    std::optional<ImageStatistics> trainImages; // pixel statistics, when computed
    std::optional<ImageStatistics> evalImages;
};

// Writes into dir (which must exist); returns the number of chart files (SVG and CSV) written,
// or -1 with *error naming the file that could not be written.
int writeEdaReport(const EdaReport &report, const QString &dir, QString *error);

} // namespace masklab
