#include "thumbnailloader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QThread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace masklab::ui {

QString thumbnailCachePath(const ThumbnailRequest &request)
{
    const QFileInfo info(request.path);
    const QByteArray key = QStringLiteral("%1|%2|%3|%4")
                               .arg(info.absoluteFilePath())
                               .arg(info.size())
                               .arg(info.lastModified().toMSecsSinceEpoch())
                               .arg(request.height)
                               .toUtf8();
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex());
    return request.diskCache + u'/' + hash.left(2) + u'/' + hash.mid(2) + QStringLiteral(".jpg");
}

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
    const QString cached = request.diskCache.isEmpty() ? QString() : thumbnailCachePath(request);
    if (!cached.isEmpty() && QFileInfo::exists(cached)) {
        result.image = QImage(cached);
        if (!result.image.isNull()) {
            result.fromDisk = true;
            return result;
        }
    }
    result.image = decodeSmall(request.path, request.height);
    if (!result.image.isNull() && !cached.isEmpty()) {
        // Written under a temporary name and renamed, so a killed process never leaves half a
        // thumbnail; no fsync (unlike QSaveFile): a lost cache entry is simply made again.
        QDir().mkpath(QFileInfo(cached).absolutePath());
        const QString temp =
            cached + QStringLiteral(".part%1").arg(quintptr(QThread::currentThreadId()));
        if (result.image.save(temp, "JPG", 88) && !QFile::rename(temp, cached))
            QFile::remove(temp); // another thread made it first
    }
    return result;
}

} // namespace masklab::ui
