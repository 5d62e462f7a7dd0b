#include "imagestatistics.h"

#include "parallel.h"
#include "yamlerror.h"

#include <QElapsedTimer>
#include <QFile>

#include "photocodec.h"
#include <opencv2/imgproc.hpp>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <mutex>

namespace masklab {

namespace {

// What one chunk of images adds up; chunks are merged at the end, so no locks per pixel.
struct Accumulator
{
    qint64 images = 0;
    qint64 failed = 0;
    double pixels = 0;
    std::array<double, 3> sum{};
    std::array<double, 3> sumSquares{};
    std::array<qint64, 256> brightness{};
    std::map<std::pair<int, int>, qint64> sizes;
    cv::Mat m_grey; // reused between images

    void add(const cv::Mat &bgr)
    {
        ++images;
        ++sizes[{bgr.cols, bgr.rows}];
        pixels += double(bgr.total());
        // Per-image mean and std from OpenCV's vectorised kernel, turned back into exact sums.
        cv::Scalar mean, stddev;
        cv::meanStdDev(bgr, mean, stddev);
        const double n = double(bgr.total());
        for (int c = 0; c < 3; ++c) { // OpenCV is B, G, R; we keep R, G, B
            sum[size_t(c)] += mean[2 - c] * n;
            sumSquares[size_t(c)] +=
                (stddev[2 - c] * stddev[2 - c] + mean[2 - c] * mean[2 - c]) * n;
        }
        // BT.601 luma, as cv::cvtColor computes it (fixed point, rounded).
        cv::cvtColor(bgr, m_grey, cv::COLOR_BGR2GRAY);
        // Four interleaved histograms: neighbouring pixels of equal grey would otherwise wait
        // on each other's increment.
        uint32_t parts[4][256] = {};
        for (int y = 0; y < m_grey.rows; ++y) {
            const uchar *row = m_grey.ptr<uchar>(y);
            int x = 0;
            for (; x + 4 <= m_grey.cols; x += 4) {
                ++parts[0][row[x]];
                ++parts[1][row[x + 1]];
                ++parts[2][row[x + 2]];
                ++parts[3][row[x + 3]];
            }
            for (; x < m_grey.cols; ++x)
                ++parts[0][row[x]];
        }
        for (size_t level = 0; level < 256; ++level)
            brightness[level] +=
                qint64(parts[0][level]) + parts[1][level] + parts[2][level] + parts[3][level];
    }

    void merge(const Accumulator &o)
    {
        images += o.images;
        failed += o.failed;
        pixels += o.pixels;
        for (size_t c = 0; c < 3; ++c) {
            sum[c] += o.sum[c];
            sumSquares[c] += o.sumSquares[c];
        }
        for (size_t i = 0; i < brightness.size(); ++i)
            brightness[i] += o.brightness[i];
        for (const auto &[size, n] : o.sizes)
            sizes[size] += n;
    }
};

} // namespace

ImageStatistics computeImageStatistics(const std::vector<QString> &paths, int threads,
                                       const ProgressSink &progress)
{
    QElapsedTimer timer;
    timer.start();
    const int64_t total = int64_t(paths.size());
    const int64_t chunkSize = 64;
    const int64_t chunks = (total + chunkSize - 1) / chunkSize;
    std::vector<Accumulator> parts(static_cast<size_t>(chunks));
    std::atomic<int64_t> done{0};
    parallelFor(
        chunks, threads,
        [&](int64_t chunk) {
            Accumulator &acc = parts[size_t(chunk)];
            const int64_t end = std::min(total, (chunk + 1) * chunkSize);
            for (int64_t i = chunk * chunkSize; i < end && !progress.cancelled(); ++i) {
                const cv::Mat image = readPhoto(paths[size_t(i)]);
                if (image.empty())
                    ++acc.failed;
                else
                    acc.add(image);
                const int64_t n = done.fetch_add(1) + 1;
                if (n % 100 == 0 || n == total)
                    progress(QStringLiteral("Image statistics"), n, total);
            }
        },
        [&] { return progress.cancelled(); });

    Accumulator all;
    for (const Accumulator &part : parts)
        all.merge(part);
    ImageStatistics stats;
    stats.images = all.images;
    stats.failed = all.failed;
    stats.sizes = all.sizes;
    stats.brightness = all.brightness;
    for (size_t c = 0; c < 3 && all.pixels > 0; ++c) {
        const double mean = all.sum[c] / all.pixels;
        const double variance = std::max(0.0, all.sumSquares[c] / all.pixels - mean * mean);
        stats.mean[c] = mean / 255.0;
        stats.std[c] = std::sqrt(variance) / 255.0;
    }
    stats.cancelled = progress.cancelled();
    stats.seconds = timer.nsecsElapsed() / 1e9;
    return stats;
}

QString brightnessCsv(const ImageStatistics &stats)
{
    QString csv = QStringLiteral("level,pixels\n");
    for (size_t level = 0; level < stats.brightness.size(); ++level)
        csv += QStringLiteral("%1,%2\n").arg(level).arg(stats.brightness[level]);
    return csv;
}

QByteArray ImageStatistics::toYaml() const
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "images" << YAML::Value << images;
    out << YAML::Key << "failed" << YAML::Value << failed;
    out << YAML::Key << "mean" << YAML::Value << YAML::Flow
        << std::vector<double>(mean.begin(), mean.end());
    out << YAML::Key << "std" << YAML::Value << YAML::Flow
        << std::vector<double>(std.begin(), std.end());
    out << YAML::Key << "sizes" << YAML::Value << YAML::BeginSeq;
    for (const auto &[size, n] : sizes)
        out << YAML::Flow << std::vector<qint64>{size.first, size.second, n};
    out << YAML::EndSeq;
    out << YAML::Key << "brightness" << YAML::Value << YAML::Flow
        << std::vector<qint64>(brightness.begin(), brightness.end());
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

std::optional<ImageStatistics> ImageStatistics::fromYaml(const QByteArray &yaml, QString *error)
{
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        ImageStatistics s;
        s.images = root["images"].as<qint64>();
        s.failed = root["failed"].as<qint64>();
        const auto mean = root["mean"].as<std::vector<double>>();
        const auto std = root["std"].as<std::vector<double>>();
        const auto brightness = root["brightness"].as<std::vector<qint64>>();
        if (mean.size() != 3 || std.size() != 3 || brightness.size() != 256) {
            *error = QStringLiteral("mean and std need 3 values, brightness 256");
            return std::nullopt;
        }
        std::copy(mean.begin(), mean.end(), s.mean.begin());
        std::copy(std.begin(), std.end(), s.std.begin());
        std::copy(brightness.begin(), brightness.end(), s.brightness.begin());
        for (const auto &entry : root["sizes"]) {
            const auto v = entry.as<std::vector<qint64>>();
            if (v.size() == 3)
                s.sizes[{int(v[0]), int(v[1])}] = v[2];
        }
        return s;
    } catch (const YAML::Exception &e) {
        *error = describeYamlError(e);
        return std::nullopt;
    }
}

} // namespace masklab
