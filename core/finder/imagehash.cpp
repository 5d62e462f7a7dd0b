#include "imagehash.h"

#include <QCryptographicHash>
#include <QFile>

#include "photocodec.h"
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace masklab::finder {

std::optional<ImageHash> hashImage(const QByteArray &encoded)
{
    if (encoded.isEmpty())
        return std::nullopt;
    // A quarter-scale decode is plenty for 32x32 and four times cheaper.
    const cv::Mat grey = decodePhoto(encoded, PhotoColour::Grey, 4);
    if (grey.empty())
        return std::nullopt;
    cv::Mat small, thumbnail, frequencies;
    cv::resize(grey, small, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
    cv::resize(small, thumbnail, cv::Size(kThumbnailSide, kThumbnailSide), 0, 0, cv::INTER_AREA);
    small.convertTo(small, CV_32F);
    cv::dct(small, frequencies);
    float low[64];
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x)
            low[y * 8 + x] = frequencies.at<float>(y, x);
    float sorted[64];
    std::copy(low, low + 64, sorted);
    std::nth_element(sorted, sorted + 32, sorted + 64);
    const float median = sorted[32];
    ImageHash hash;
    for (int i = 0; i < 64; ++i)
        if (low[i] > median)
            hash.perceptual |= uint64_t(1) << i;
    hash.thumbnail =
        QByteArray(reinterpret_cast<const char *>(thumbnail.data), kThumbnailSide * kThumbnailSide);
    return hash;
}

double thumbnailDifference(const QByteArray &a, const QByteArray &b)
{
    const int n = int(std::min(a.size(), b.size()));
    if (n == 0)
        return 255;
    const auto *x = reinterpret_cast<const uint8_t *>(a.data());
    const auto *y = reinterpret_cast<const uint8_t *>(b.data());
    double meanX = 0, meanY = 0;
    for (int i = 0; i < n; ++i) {
        meanX += x[i];
        meanY += y[i];
    }
    const double shift = (meanX - meanY) / n;
    double sum = 0;
    for (int i = 0; i < n; ++i)
        sum += std::abs(x[i] - y[i] - shift);
    return sum / n;
}

std::optional<ImageHash> hashImageFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.readAll();
    std::optional<ImageHash> hash = hashImage(bytes);
    if (hash)
        hash->sha1 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha1);
    return hash;
}

} // namespace masklab::finder
