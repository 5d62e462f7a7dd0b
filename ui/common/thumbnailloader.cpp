#include "thumbnailloader.h"

#include "photocodec.h"
#include "thumbnailstore.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>

#include <opencv2/imgproc.hpp>

namespace masklab::ui {

namespace {

int reduction(int fullHeight, int wanted)
{
    for (const int factor : {8, 4, 2})
        if (fullHeight >= wanted * factor)
            return factor;
    return 1;
}

QImage decodeSmall(const QString &path, int height)
{
    // The header tells the full size, so the reduction can be chosen before decoding.
    const QSize full = QImageReader(path).size();
    cv::Mat bgr =
        readPhoto(path, PhotoColour::Bgr, reduction(full.isValid() ? full.height() : 512, height));
    if (bgr.empty())
        return {};
    if (bgr.rows != height) {
        const int width = std::max(1, int(std::lround(double(bgr.cols) * height / bgr.rows)));
        cv::resize(bgr, bgr, cv::Size(width, height), 0, 0,
                   bgr.rows > height ? cv::INTER_AREA : cv::INTER_LINEAR);
    }
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return QImage(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888).copy();
}

} // namespace

ThumbnailResult loadThumbnail(const ThumbnailRequest &request)
{
    ThumbnailResult result;
    const bool cached = !request.diskCache.isEmpty();
    const ThumbnailStore store(request.diskCache);
    if (cached) {
        const QByteArray stored = store.read(request.path, request.height);
        if (!stored.isEmpty() && result.image.loadFromData(stored, "JPG")) {
            result.fromDisk = true;
            return result;
        }
    }
    result.image = decodeSmall(request.path, request.height);
    if (!result.image.isNull() && cached) {
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        if (result.image.save(&buffer, "JPG", 88))
            store.write(request.path, request.height, jpeg); // a failed write: made again next time
    }
    return result;
}

} // namespace masklab::ui
