#include "imageheader.h"

#include <QFile>

#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <cstring>
#include <memory>

namespace masklab {

namespace {

using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE *)>;

int be16(const unsigned char *p)
{
    return (p[0] << 8) | p[1];
}

long be32(const unsigned char *p)
{
    return (long(p[0]) << 24) | (long(p[1]) << 16) | (long(p[2]) << 8) | long(p[3]);
}

long le32(const unsigned char *p)
{
    return long(p[0]) | (long(p[1]) << 8) | (long(p[2]) << 16) | (long(p[3]) << 24);
}

// Walks JPEG segments from after SOI until a start-of-frame marker gives the size.
void readJpegSize(std::FILE *file, ImageHeader &header)
{
    unsigned char buf[9];
    for (int segments = 0; segments < 1000; ++segments) {
        int byte = std::fgetc(file);
        if (byte == EOF)
            break;
        if (byte != 0xFF) {
            header.error = QStringLiteral("JPEG marker expected, found corrupt data");
            return;
        }
        while (byte == 0xFF) // fill bytes
            byte = std::fgetc(file);
        if (byte == EOF)
            break;
        const int marker = byte;
        if (marker == 0xD9 || marker == 0xDA) { // end of image / start of scan before a frame
            header.error = QStringLiteral("JPEG has no frame header");
            return;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // markers without a length
        if (std::fread(buf, 1, 2, file) != 2)
            break;
        const int length = be16(buf);
        if (length < 2) {
            header.error = QStringLiteral("JPEG segment with an invalid length");
            return;
        }
        const bool isFrame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (isFrame) {
            if (std::fread(buf, 1, 5, file) != 5)
                break;
            header.height = be16(buf + 1);
            header.width = be16(buf + 3);
            if (header.width <= 0 || header.height <= 0) {
                header.error = QStringLiteral("JPEG frame header with a zero size");
                return;
            }
            header.status = ImageStatus::Ok;
            return;
        }
        if (std::fseek(file, length - 2, SEEK_CUR) != 0)
            break;
    }
    header.error = QStringLiteral("JPEG ends before its frame header (truncated file)");
}

bool endsWithJpegEoi(const QString &path)
{
    FilePtr file(std::fopen(QFile::encodeName(path).constData(), "rb"), &std::fclose);
    if (!file || std::fseek(file.get(), -2, SEEK_END) != 0)
        return false;
    unsigned char tail[2] = {};
    return std::fread(tail, 1, 2, file.get()) == 2 && tail[0] == 0xFF && tail[1] == 0xD9;
}

} // namespace

ImageHeader readImageHeader(const QString &path)
{
    ImageHeader header;
    FilePtr file(std::fopen(QFile::encodeName(path).constData(), "rb"), &std::fclose);
    if (!file) {
        header.error =
            QStringLiteral("cannot open: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return header;
    }
    unsigned char head[32] = {};
    const size_t got = std::fread(head, 1, sizeof head, file.get());
    if (got == 0) {
        header.status = ImageStatus::Empty;
        header.error = QStringLiteral("file is empty (0 bytes)");
        return header;
    }
    if (got >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) {
        header.format = QStringLiteral("jpeg");
        std::fseek(file.get(), 2, SEEK_SET);
        readJpegSize(file.get(), header);
        return header;
    }
    static const unsigned char pngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (got >= 8 && std::memcmp(head, pngSignature, 8) == 0) {
        header.format = QStringLiteral("png");
        if (got < 24 || std::memcmp(head + 12, "IHDR", 4) != 0) {
            header.error = QStringLiteral("PNG without an IHDR header");
            return header;
        }
        header.width = int(be32(head + 16));
        header.height = int(be32(head + 20));
        header.status =
            header.width > 0 && header.height > 0 ? ImageStatus::Ok : ImageStatus::Unreadable;
        if (header.status != ImageStatus::Ok)
            header.error = QStringLiteral("PNG header with a zero size");
        return header;
    }
    if (got >= 26 && head[0] == 'B' && head[1] == 'M') {
        header.format = QStringLiteral("bmp");
        header.width = int(le32(head + 18));
        header.height = std::abs(int(le32(head + 22)));
        header.status = ImageStatus::Ok;
        return header;
    }
    if (got >= 12 && std::memcmp(head, "RIFF", 4) == 0 && std::memcmp(head + 8, "WEBP", 4) == 0) {
        header.format = QStringLiteral("webp");
        header.status = ImageStatus::Ok;
        return header;
    }
    if (got >= 4 && (std::memcmp(head, "II*\0", 4) == 0 || std::memcmp(head, "MM\0*", 4) == 0)) {
        header.format = QStringLiteral("tiff");
        header.status = ImageStatus::Ok;
        return header;
    }
    header.error = QStringLiteral("not an image: no JPEG, PNG, BMP, WebP or TIFF signature");
    return header;
}

ImageHeader decodeImage(const QString &path)
{
    ImageHeader header = readImageHeader(path);
    if (header.status != ImageStatus::Ok)
        return header;
    cv::Mat image;
    try {
        image = cv::imread(QFile::encodeName(path).toStdString(), cv::IMREAD_COLOR);
    } catch (const cv::Exception &e) {
        header.error = QString::fromStdString(e.msg);
    }
    if (image.empty()) {
        header.status = ImageStatus::Undecodable;
        if (header.error.isEmpty())
            header.error = QStringLiteral("the %1 data does not decode (corrupt or truncated)")
                               .arg(header.format.toUpper());
        return header;
    }
    header.width = image.cols;
    header.height = image.rows;
    // libjpeg fills a truncated JPEG with grey and still "succeeds": require the end marker.
    if (header.format == QLatin1String("jpeg") && !endsWithJpegEoi(path)) {
        header.status = ImageStatus::Undecodable;
        header.error = QStringLiteral("JPEG is truncated (no end-of-image marker)");
    }
    return header;
}

} // namespace masklab
