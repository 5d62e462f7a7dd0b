#include "imageheader.h"

#include <QFile>

#include "photocodec.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace masklab {

namespace {

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

// The first few KB of a file in one read (no stdio buffer: this runs for every image of a
// scan), with pread() for the rare header that lies further in (large EXIF blocks).
class HeadBytes
{
public:
    explicit HeadBytes(const QString &path)
        : m_fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC))
    {
        if (m_fd < 0) {
            m_error = errno;
            return;
        }
        const ssize_t got = ::read(m_fd, m_buffer, sizeof m_buffer);
        m_size = got > 0 ? size_t(got) : 0;
        struct stat info;
        m_fileSize = ::fstat(m_fd, &info) == 0 ? qint64(info.st_size) : qint64(m_size);
    }
    ~HeadBytes()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    HeadBytes(const HeadBytes &) = delete;
    HeadBytes &operator=(const HeadBytes &) = delete;

    bool opened() const { return m_fd >= 0; }
    int error() const { return m_error; }
    size_t size() const { return m_size; }
    qint64 fileSize() const { return m_fileSize; }
    const unsigned char *data() const { return m_buffer; }

    // Copies count bytes at offset into out; false when the file ends first.
    bool read(long offset, unsigned char *out, size_t count) const
    {
        if (offset < 0)
            return false;
        if (size_t(offset) + count <= m_size) {
            std::memcpy(out, m_buffer + offset, count);
            return true;
        }
        return ::pread(m_fd, out, count, offset) == ssize_t(count);
    }

    // Whether marker occurs in the file's last `window` bytes, not before offset `from`.
    bool tailContains(const QByteArray &marker, qint64 window, qint64 from) const
    {
        const qint64 start = std::max(from, m_fileSize - window);
        if (start >= m_fileSize)
            return false;
        QByteArray tail(int(m_fileSize - start), Qt::Uninitialized);
        if (!read(long(start), reinterpret_cast<unsigned char *>(tail.data()), size_t(tail.size())))
            return false;
        return tail.contains(marker);
    }

private:
    int m_fd;
    int m_error = 0;
    size_t m_size = 0;
    qint64 m_fileSize = 0;
    unsigned char m_buffer[4096];
};

// Walks JPEG segments from after SOI until a start-of-frame marker gives the size.
void readJpegSize(const HeadBytes &file, ImageHeader &header)
{
    long offset = 2;
    unsigned char buf[7];
    for (int segments = 0; segments < 1000; ++segments) {
        if (!file.read(offset, buf, 1))
            break;
        if (buf[0] != 0xFF) {
            header.error = QStringLiteral("JPEG marker expected, found corrupt data");
            return;
        }
        while (buf[0] == 0xFF) { // fill bytes
            if (!file.read(++offset, buf, 1)) {
                header.error = QStringLiteral("JPEG ends before its frame header (truncated file)");
                return;
            }
        }
        const int marker = buf[0];
        ++offset;
        if (marker == 0xD9 || marker == 0xDA) { // end of image / start of scan before a frame
            header.error = QStringLiteral("JPEG has no frame header");
            return;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // markers without a length
        if (!file.read(offset, buf, 2))
            break;
        const int length = be16(buf);
        if (length < 2) {
            header.error = QStringLiteral("JPEG segment with an invalid length");
            return;
        }
        const bool isFrame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (isFrame) {
            if (!file.read(offset + 2, buf, 5))
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
        offset += length;
    }
    header.error = QStringLiteral("JPEG ends before its frame header (truncated file)");
}

// The end of a file cut short in a copy or a download: a JPEG ends with its end-of-image
// marker, a PNG with its IEND chunk. Only the last 4 KB are searched (no decoding): data some
// phones append after the marker stays allowed, and the marker cannot occur inside JPEG
// entropy-coded data (0xFF is stuffed there), so finding it there means the file is whole.
void checkEnd(const HeadBytes &file, ImageHeader &header)
{
    constexpr qint64 kWindow = 4096;
    constexpr qint64 kAfterHeader = 24; // a marker inside the header is not the end
    const bool jpeg = header.format == QLatin1String("jpeg");
    const QByteArray marker = jpeg ? QByteArray("\xFF\xD9", 2) : QByteArray("IEND");
    if (file.tailContains(marker, kWindow, kAfterHeader))
        return;
    header.status = ImageStatus::Undecodable;
    header.error = jpeg ? QStringLiteral("JPEG is truncated (no end-of-image marker at its end)")
                        : QStringLiteral("PNG is truncated (no IEND chunk at its end)");
}

// A size no photo has: a corrupt header, or a decompression bomb that would take gigabytes.
void checkPixelCount(ImageHeader &header)
{
    const double megapixels = double(header.width) * double(header.height) / 1e6;
    if (megapixels <= kMaxImageMegapixels)
        return;
    header.status = ImageStatus::Unreadable;
    header.error = QStringLiteral("the header claims %1x%2 pixels (%3 megapixels), more than the "
                                  "%4 MaskLab decodes: a corrupt header or a decompression bomb")
                       .arg(header.width)
                       .arg(header.height)
                       .arg(megapixels, 0, 'f', 0)
                       .arg(kMaxImageMegapixels);
}

} // namespace

ImageHeader readImageHeader(const QString &path)
{
    ImageHeader header;
    const HeadBytes file(path);
    if (!file.opened()) {
        header.error = QStringLiteral("cannot open: %1")
                           .arg(QString::fromLocal8Bit(std::strerror(file.error())));
        return header;
    }
    const unsigned char *head = file.data();
    const size_t got = file.size();
    if (got == 0) {
        header.status = ImageStatus::Empty;
        header.error = QStringLiteral("file is empty (0 bytes)");
        return header;
    }
    if (got >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) {
        header.format = QStringLiteral("jpeg");
        readJpegSize(file, header);
        if (header.status == ImageStatus::Ok)
            checkPixelCount(header);
        if (header.status == ImageStatus::Ok)
            checkEnd(file, header);
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
        if (header.status == ImageStatus::Ok)
            checkPixelCount(header);
        if (header.status == ImageStatus::Ok)
            checkEnd(file, header);
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
    const cv::Mat image = readPhoto(path);
    if (image.empty()) {
        header.status = ImageStatus::Undecodable;
        header.error = QStringLiteral("the %1 data does not decode (corrupt or truncated)")
                           .arg(header.format.toUpper());
        return header;
    }
    // A truncated JPEG decodes "successfully" (libjpeg fills it with grey): readImageHeader
    // has already refused one without its end marker.
    header.width = image.cols;
    header.height = image.rows;
    return header;
}

} // namespace masklab
