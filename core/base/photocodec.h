#pragma once
// Reading and writing photos, in one place. Two codec sets do it alike: OpenCV's imgcodecs (the
// default, every format OpenCV reads) and libjpeg + libpng directly (JPEG and PNG only), which a
// server build without imgcodecs uses (MASKLAB_OPENCV_CODECS=OFF: imgcodecs pulls in GDAL and
// some hundred libraries a GPU server lacks). Both decode the same pixels, EXIF orientation
// applied (tests/tst_photocodec.cpp).

#include <QByteArray>
#include <QString>

#include <opencv2/core/mat.hpp>

#include <optional>

namespace masklab {

enum class PhotoColour
{
    Bgr,
    Grey
};

// The photo decoded, `reduction` (1, 2, 4 or 8) times smaller on each side (JPEG decodes at that
// size, cheaply); empty when it does not decode.
cv::Mat readPhoto(const QString &path, PhotoColour colour = PhotoColour::Bgr, int reduction = 1);
cv::Mat decodePhoto(const QByteArray &encoded, PhotoColour colour = PhotoColour::Bgr,
                    int reduction = 1);

// A BGR photo into path, as JPEG at jpegQuality or, for a .png path, PNG (fast compression).
bool writePhoto(const QString &path, const cv::Mat &bgr, int jpegQuality);
std::optional<QByteArray> encodePng(const cv::Mat &bgr);

// The two codec sets by name, for the test that holds them equal.
namespace opencvcodecs {
cv::Mat decode(const QByteArray &encoded, PhotoColour colour, int reduction);
bool write(const QString &path, const cv::Mat &bgr, int jpegQuality);
std::optional<QByteArray> encodePng(const cv::Mat &bgr);
} // namespace opencvcodecs
namespace libjpegcodecs {
cv::Mat decode(const QByteArray &encoded, PhotoColour colour, int reduction);
bool write(const QString &path, const cv::Mat &bgr, int jpegQuality);
std::optional<QByteArray> encodePng(const cv::Mat &bgr);
} // namespace libjpegcodecs

} // namespace masklab
