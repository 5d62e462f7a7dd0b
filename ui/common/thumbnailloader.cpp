#include "thumbnailloader.h"

#include "thumbnailstore.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace masklab::ui {

namespace {

int reducedFlag(int fullHeight, int wanted)
{
    if (fullHeight >= wanted * 8)
        return cv::IMREAD_REDUCED_COLOR_8;
    if (fullHeight >= wanted * 4)
        return cv::IMREAD_REDUCED_COLOR_4;
    if (fullHeight >= wanted * 2)
        return cv::IMREAD_REDUCED_COLOR_2;
    return cv::IMREAD_COLOR;
}

QImage decodeSmall(const QString &path, int height)
{
    // The header tells the full size, so the reduction can be chosen before decoding.
    const QSize full = QImageReader(path).size();
    const int flag = reducedFlag(full.isValid() ? full.height() : 512, height);
    cv::Mat bgr;
    try {
        bgr = cv::imread(QFile::encodeName(path).toStdString(), flag);
    } catch (const cv::Exception &) {
        return {};
    }
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
