#include "photocodec.h"

#include <QFile>

namespace masklab {

#ifdef MASKLAB_OPENCV_CODECS
namespace codecs = opencvcodecs;
#else
namespace codecs = libjpegcodecs;
#endif

cv::Mat readPhoto(const QString &path, PhotoColour colour, int reduction)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return codecs::decode(file.readAll(), colour, reduction);
}

cv::Mat decodePhoto(const QByteArray &encoded, PhotoColour colour, int reduction)
{
    return codecs::decode(encoded, colour, reduction);
}

bool writePhoto(const QString &path, const cv::Mat &bgr, int jpegQuality)
{
    return codecs::write(path, bgr, jpegQuality);
}

std::optional<QByteArray> encodePng(const cv::Mat &bgr)
{
    return codecs::encodePng(bgr);
}

} // namespace masklab
