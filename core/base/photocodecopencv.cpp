// The photo codecs through OpenCV's imgcodecs (photocodec.h).
#include "photocodec.h"

#include <QFile>

#include <opencv2/imgcodecs.hpp>

namespace masklab::opencvcodecs {

cv::Mat decode(const QByteArray &encoded, PhotoColour colour, int reduction)
{
    if (encoded.isEmpty())
        return {};
    const bool grey = colour == PhotoColour::Grey;
    const int flag =
        reduction == 8   ? (grey ? cv::IMREAD_REDUCED_GRAYSCALE_8 : cv::IMREAD_REDUCED_COLOR_8)
        : reduction == 4 ? (grey ? cv::IMREAD_REDUCED_GRAYSCALE_4 : cv::IMREAD_REDUCED_COLOR_4)
        : reduction == 2 ? (grey ? cv::IMREAD_REDUCED_GRAYSCALE_2 : cv::IMREAD_REDUCED_COLOR_2)
                         : (grey ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    const cv::Mat bytes(1, int(encoded.size()), CV_8U, const_cast<char *>(encoded.data()));
    try {
        return cv::imdecode(bytes, flag);
    } catch (const cv::Exception &) {
        return {};
    }
}

bool write(const QString &path, const cv::Mat &bgr, int jpegQuality)
{
    const std::vector<int> params = path.endsWith(QLatin1String(".png"))
                                        ? std::vector<int>{cv::IMWRITE_PNG_COMPRESSION, 1}
                                        : std::vector<int>{cv::IMWRITE_JPEG_QUALITY, jpegQuality};
    try {
        return cv::imwrite(QFile::encodeName(path).toStdString(), bgr, params);
    } catch (const cv::Exception &) {
        return false;
    }
}

std::optional<QByteArray> encodePng(const cv::Mat &bgr)
{
    std::vector<uchar> bytes;
    try {
        if (!cv::imencode(".png", bgr, bytes))
            return std::nullopt;
    } catch (const cv::Exception &) {
        return std::nullopt;
    }
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

} // namespace masklab::opencvcodecs
