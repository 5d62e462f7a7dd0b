#pragma once
// Pixel statistics of a set of images: sizes, per-channel mean and std (the normalisation the
// trainer can use) and a brightness histogram. Decodes every image once, in parallel.

#include "progress.h"

#include <QString>

#include <array>
#include <map>
#include <optional>
#include <vector>

namespace masklab {

struct ImageStatistics
{
    qint64 images = 0;                           // decoded
    qint64 failed = 0;                           // did not decode
    std::map<std::pair<int, int>, qint64> sizes; // (width, height) -> images
    std::array<double, 3> mean{};                // R, G, B in 0..1
    std::array<double, 3> std{};
    std::array<qint64, 256> brightness{}; // pixels per grey level (BT.601 luma, as OpenCV)
    bool cancelled = false;
    double seconds = 0;

    // "mean: [r, g, b]\nstd: [...]\n..." - a small YAML document, for the workspace cache.
    QByteArray toYaml() const;
    static std::optional<ImageStatistics> fromYaml(const QByteArray &yaml, QString *error);
};

ImageStatistics computeImageStatistics(const std::vector<QString> &paths, int threads = 0,
                                       const ProgressSink &progress = {});

// level,pixels rows.
QString brightnessCsv(const ImageStatistics &stats);

} // namespace masklab
