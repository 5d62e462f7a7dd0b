#include "imagehash.h"

#include <QCryptographicHash>
#include <QFile>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace masklab::finder {

std::optional<uint64_t> perceptualHash(const QByteArray &encoded)
{
    if (encoded.isEmpty())
        return std::nullopt;
    const cv::Mat bytes(1, int(encoded.size()), CV_8U, const_cast<char *>(encoded.data()));
    cv::Mat grey;
    try {
        // A quarter-scale decode is plenty for 32x32 and four times cheaper.
        grey = cv::imdecode(bytes, cv::IMREAD_REDUCED_GRAYSCALE_4);
    } catch (const cv::Exception &) {
        return std::nullopt;
    }
    if (grey.empty())
        return std::nullopt;
    cv::Mat small, frequencies;
    cv::resize(grey, small, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
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
    uint64_t hash = 0;
    for (int i = 0; i < 64; ++i)
        if (low[i] > median)
            hash |= uint64_t(1) << i;
    return hash;
}

std::optional<ImageHash> hashImageFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray bytes = file.readAll();
    const std::optional<uint64_t> perceptual = perceptualHash(bytes);
    if (!perceptual)
        return std::nullopt;
    return ImageHash{*perceptual, QCryptographicHash::hash(bytes, QCryptographicHash::Sha1)};
}

} // namespace masklab::finder
