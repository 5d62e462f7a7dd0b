#pragma once
// Loading one thumbnail: a plain function (unit-testable, no GUI), used on pool threads.

#include <QImage>
#include <QString>

namespace masklab::ui {

struct ThumbnailRequest
{
    QString path;      // the photo
    int height = 128;  // thumbnail height in pixels; the width follows the aspect ratio
    QString diskCache; // folder of the persistent cache (ThumbnailStore); empty: no disk cache
};

struct ThumbnailResult
{
    QImage image;          // null when the file does not decode
    bool fromDisk = false; // served by the persistent cache
};

// Decodes at reduced scale when the height allows (JPEG decodes 1/2, 1/4, 1/8 for free), then
// resizes with area averaging; the disk cache keeps it as a JPEG.
ThumbnailResult loadThumbnail(const ThumbnailRequest &request);

} // namespace masklab::ui
