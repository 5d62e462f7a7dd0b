// The photo codecs through libjpeg(-turbo) and libpng directly (photocodec.h), set up as OpenCV
// 4.6's imgcodecs sets them up, so that both decode the same pixels: JPEG with libjpeg's default
// (slow integer) DCT and fancy upsampling straight into BGR or grey, `reduction` as libjpeg's
// scale_denom, the EXIF orientation applied; PNG stripped to 8 bits, alpha dropped, palette and
// grey expanded, then reduced with cv::resize as imread does. CMYK JPEGs and other formats do
// not decode here.

#include "photocodec.h"

#include <QFile>

#include <opencv2/imgproc.hpp>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <jpeglib.h>
#include <png.h>

namespace masklab::libjpegcodecs {

namespace {

struct JpegErrors
{
    jpeg_error_mgr manager;
    std::jmp_buf jump;
};

[[noreturn]] void leaveOnError(j_common_ptr info)
{
    std::longjmp(reinterpret_cast<JpegErrors *>(info->err)->jump, 1);
}

void ignoreWarning(j_common_ptr, int) {} // a corrupt-data warning still yields pixels

int readUint16(const uint8_t *p, bool bigEndian)
{
    return bigEndian ? (p[0] << 8) | p[1] : (p[1] << 8) | p[0];
}

uint32_t readUint32(const uint8_t *p, bool bigEndian)
{
    return bigEndian ? (uint32_t(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3]
                     : (uint32_t(p[3]) << 24) | (p[2] << 16) | (p[1] << 8) | p[0];
}

// Tag 0x0112 of the first image directory of an APP1 "Exif" segment; 1 (upright) when absent.
int exifOrientation(jpeg_saved_marker_ptr marker)
{
    for (; marker; marker = marker->next) {
        const uint8_t *d = marker->data;
        const size_t n = marker->data_length;
        if (marker->marker != JPEG_APP0 + 1 || n < 14 || std::memcmp(d, "Exif\0\0", 6) != 0)
            continue;
        const uint8_t *tiff = d + 6;
        const size_t size = n - 6;
        const bool big = tiff[0] == 'M';
        const size_t ifd = readUint32(tiff + 4, big); // any value: a damaged file can lie
        if (size < 2 || ifd > size - 2)
            return 1;
        const size_t entries = size_t(readUint16(tiff + ifd, big));
        for (size_t e = 0; e < entries && (e + 1) * 12 <= size - ifd - 2; ++e) {
            const uint8_t *entry = tiff + ifd + 2 + e * 12;
            if (readUint16(entry, big) == 0x0112)
                return readUint16(entry + 8, big);
        }
    }
    return 1;
}

// As OpenCV's ExifTransform: the flips and transposes that make the photo upright.
void applyOrientation(cv::Mat &image, int orientation)
{
    if (orientation >= 5 && orientation <= 8)
        cv::transpose(image, image);
    switch (orientation) {
    case 2:
    case 6:
        cv::flip(image, image, 1);
        break;
    case 3:
    case 7:
        cv::flip(image, image, -1);
        break;
    case 4:
    case 8:
        cv::flip(image, image, 0);
        break;
    default:
        break;
    }
}

// Larger than this, OpenCV refuses to decode (CV_IO_MAX_IMAGE_PIXELS); so does this set.
constexpr double kMostPixels = double(1 << 30);

// Only C frames lie between setjmp and libjpeg's longjmp; *image is the caller's.
bool decompressJpeg(jpeg_decompress_struct *info, JpegErrors *errors, const QByteArray &encoded,
                    PhotoColour colour, int reduction, cv::Mat *image, int *orientation)
{
    if (setjmp(errors->jump))
        return false;
    jpeg_mem_src(info, reinterpret_cast<const unsigned char *>(encoded.constData()),
                 static_cast<unsigned long>(encoded.size()));
    jpeg_save_markers(info, JPEG_APP0 + 1, 0xffff);
    jpeg_read_header(info, TRUE);
    if (info->num_components == 4) // CMYK
        return false;
    info->scale_num = 1;
    info->scale_denom = static_cast<unsigned int>(reduction);
    info->out_color_space = colour == PhotoColour::Grey ? JCS_GRAYSCALE : JCS_EXT_BGR;
    jpeg_start_decompress(info);
    if (double(info->output_width) * info->output_height > kMostPixels)
        return false;
    image->create(int(info->output_height), int(info->output_width),
                  CV_8UC(info->output_components));
    while (info->output_scanline < info->output_height) {
        JSAMPROW row = image->ptr(int(info->output_scanline));
        jpeg_read_scanlines(info, &row, 1);
    }
    *orientation = exifOrientation(info->marker_list);
    jpeg_finish_decompress(info);
    return true;
}

cv::Mat decodeJpeg(const QByteArray &encoded, PhotoColour colour, int reduction)
{
    jpeg_decompress_struct info;
    JpegErrors errors;
    info.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = leaveOnError;
    errors.manager.emit_message = ignoreWarning;
    jpeg_create_decompress(&info);
    cv::Mat image;
    int orientation = 1;
    bool ok = false;
    try { // out of memory for the pixels
        ok = decompressJpeg(&info, &errors, encoded, colour, reduction, &image, &orientation);
    } catch (const std::exception &) {
    }
    jpeg_destroy_decompress(&info);
    if (!ok)
        return {};
    applyOrientation(image, orientation);
    return image;
}

// libpng's own would print to stderr first; a photo that does not decode is said by the caller.
[[noreturn]] void leavePngOnError(png_structp png, png_const_charp)
{
    png_longjmp(png, 1);
}

void ignorePngWarning(png_structp, png_const_charp) {}

struct PngSource
{
    const QByteArray *bytes;
    size_t offset = 0;
};

void readPngBytes(png_structp png, png_bytep out, png_size_t count)
{
    auto *source = static_cast<PngSource *>(png_get_io_ptr(png));
    if (source->offset + count > size_t(source->bytes->size()))
        png_error(png, "cut short");
    std::memcpy(out, source->bytes->constData() + source->offset, count);
    source->offset += count;
}

// Only C frames lie between setjmp and libpng's longjmp; *image is the caller's.
bool readPng(png_structp png, png_infop info, PngSource *source, PhotoColour colour, cv::Mat *image)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_read_fn(png, source, readPngBytes);
    png_read_info(png, info);
    const int type = png_get_color_type(png, info);
    const int depth = png_get_bit_depth(png, info);
    const bool grey = colour == PhotoColour::Grey;
    if (depth == 16)
        png_set_strip_16(png);
    png_set_strip_alpha(png);
    if (type == PNG_COLOR_TYPE_PALETTE)
        png_set_palette_to_rgb(png);
    if ((type & PNG_COLOR_MASK_COLOR) == 0 && depth < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if ((type & PNG_COLOR_MASK_COLOR) && !grey)
        png_set_bgr(png);
    else if (!grey)
        png_set_gray_to_rgb(png);
    else
        png_set_rgb_to_gray(png, 1, 0.299, 0.587);
    const int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    const png_uint_32 width = png_get_image_width(png, info);
    const png_uint_32 height = png_get_image_height(png, info);
    if (double(width) * height > kMostPixels)
        return false;
    image->create(int(height), int(width), grey ? CV_8UC1 : CV_8UC3);
    for (int pass = 0; pass < passes; ++pass) // row by row: no C++ object for a longjmp to skip
        for (int y = 0; y < image->rows; ++y)
            png_read_row(png, image->ptr(y), nullptr);
    png_read_end(png, nullptr);
    return true;
}

cv::Mat decodePng(const QByteArray &encoded, PhotoColour colour, int reduction)
{
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, leavePngOnError, ignorePngWarning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        return {};
    }
    PngSource source{&encoded};
    cv::Mat image;
    bool ok = false;
    try { // out of memory for the pixels
        ok = readPng(png, info, &source, colour, &image);
    } catch (const std::exception &) {
    }
    png_destroy_read_struct(&png, &info, nullptr);
    if (!ok || image.cols < reduction || image.rows < reduction) // imread fails on those too
        return {};
    if (reduction > 1) // what imread does for decoders without a reduced decode
        cv::resize(image, image, cv::Size(image.cols / reduction, image.rows / reduction), 0, 0,
                   cv::INTER_LINEAR_EXACT);
    return image;
}

} // namespace

cv::Mat decode(const QByteArray &encoded, PhotoColour colour, int reduction)
{
    try {
        if (encoded.startsWith("\xFF\xD8"))
            return decodeJpeg(encoded, colour, reduction);
        if (encoded.startsWith("\x89PNG\r\n\x1A\n"))
            return decodePng(encoded, colour, reduction);
    } catch (const std::exception &) { // OpenCV's own (cv::Exception), as imdecode's are caught
    }
    return {};
}

namespace {

bool compressJpeg(jpeg_compress_struct *info, JpegErrors *errors, const cv::Mat &bgr, int quality,
                  unsigned char **buffer, unsigned long *size)
{
    if (setjmp(errors->jump))
        return false;
    jpeg_mem_dest(info, buffer, size);
    info->image_width = JDIMENSION(bgr.cols);
    info->image_height = JDIMENSION(bgr.rows);
    info->input_components = bgr.channels();
    info->in_color_space = bgr.channels() == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
    jpeg_set_defaults(info);
    jpeg_set_quality(info, quality, TRUE);
    jpeg_start_compress(info, TRUE);
    while (info->next_scanline < info->image_height) {
        JSAMPROW row = const_cast<uchar *>(bgr.ptr(int(info->next_scanline)));
        jpeg_write_scanlines(info, &row, 1);
    }
    jpeg_finish_compress(info);
    return true;
}

std::optional<QByteArray> encodeJpeg(const cv::Mat &bgr, int quality)
{
    jpeg_compress_struct info;
    JpegErrors errors;
    info.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = leaveOnError;
    jpeg_create_compress(&info);
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    const bool ok = compressJpeg(&info, &errors, bgr, quality, &buffer, &size);
    jpeg_destroy_compress(&info);
    if (!ok) // the buffer may have been moved and freed by libjpeg: left as it is
        return std::nullopt;
    const QByteArray bytes(reinterpret_cast<const char *>(buffer), qsizetype(size));
    std::free(buffer);
    return bytes;
}

void appendPngBytes(png_structp png, png_bytep data, png_size_t count)
{
    static_cast<QByteArray *>(png_get_io_ptr(png))
        ->append(reinterpret_cast<const char *>(data), qsizetype(count));
}

void flushNothing(png_structp) {}

bool writePng(png_structp png, png_infop info, const cv::Mat &bgr, int level, QByteArray *out)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_write_fn(png, out, appendPngBytes, flushNothing);
    png_set_compression_level(png, level);
    png_set_IHDR(png, info, png_uint_32(bgr.cols), png_uint_32(bgr.rows), 8,
                 bgr.channels() == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (bgr.channels() == 3)
        png_set_bgr(png);
    for (int y = 0; y < bgr.rows; ++y)
        png_write_row(png, const_cast<png_bytep>(bgr.ptr(y)));
    png_write_end(png, info);
    return true;
}

std::optional<QByteArray> encodePngAt(const cv::Mat &bgr, int level)
{
    if (bgr.empty() || bgr.depth() != CV_8U || (bgr.channels() != 1 && bgr.channels() != 3))
        return std::nullopt;
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, leavePngOnError, ignorePngWarning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        return std::nullopt;
    }
    QByteArray bytes;
    const bool ok = writePng(png, info, bgr, level, &bytes);
    png_destroy_write_struct(&png, &info);
    return ok ? std::optional<QByteArray>(bytes) : std::nullopt;
}

} // namespace

bool write(const QString &path, const cv::Mat &bgr, int jpegQuality)
{
    if (bgr.empty() || bgr.depth() != CV_8U || (bgr.channels() != 1 && bgr.channels() != 3))
        return false;
    const std::optional<QByteArray> bytes =
        path.endsWith(QLatin1String(".png")) ? encodePngAt(bgr, 1) : encodeJpeg(bgr, jpegQuality);
    QFile file(path);
    return bytes && file.open(QIODevice::WriteOnly) && file.write(*bytes) == bytes->size();
}

std::optional<QByteArray> encodePng(const cv::Mat &bgr)
{
    return encodePngAt(bgr, 3);
}

} // namespace masklab::libjpegcodecs
