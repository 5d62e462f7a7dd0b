#pragma once
// Cheap image checks: read only the header to learn the format and size, without decoding.

#include "dataset.h"

#include <QString>

namespace masklab {

struct ImageHeader
{
    ImageStatus status = ImageStatus::Unreadable;
    QString format; // "jpeg", "png", "bmp", "webp", "tiff"; empty when unknown
    int width = 0;  // 0 when the format's header was not parsed for a size
    int height = 0;
    QString error; // why the header is not usable
};

// Larger images are refused unread (a photo has a few; a bomb's header claims thousands).
constexpr int kMaxImageMegapixels = 250;

// Opens the file and reads at most a few small chunks: the SOFn marker of a JPEG, the IHDR of a
// PNG, the BMP info header, and the last 4 KB of a JPEG or PNG for its end marker (a file cut
// short is Undecodable). Never throws; problems come back in status and error.
ImageHeader readImageHeader(const QString &path);

// Fully decodes the image with OpenCV (the --deep check). Fills width and height on success.
ImageHeader decodeImage(const QString &path);

} // namespace masklab
