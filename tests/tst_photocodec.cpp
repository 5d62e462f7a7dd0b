// The two photo codec sets (core/base/photocodec.h) decode the same pixels: JPEG in colour and
// grey at every reduction, EXIF orientations 1-8 in both byte orders, PNG in RGB, RGBA, grey and
// 16 bits, damaged data; and what the libjpeg set writes reads back as written. Where the build
// has no OpenCV imgcodecs (a GPU server's), only the libjpeg set's own checks run.

#include "photocodec.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#ifdef MASKLAB_OPENCV_CODECS
#include <opencv2/imgcodecs.hpp>
#endif

using namespace masklab;

namespace {

// A photo-like test image: smooth gradients with noise, odd sizes so reductions round.
cv::Mat testImage(int channels, int depth = CV_8U)
{
    cv::Mat image(157, 203, CV_MAKETYPE(depth, channels));
    cv::randu(image, 0, depth == CV_16U ? 65535 : 255);
    for (int y = 0; y < image.rows; ++y)
        image.row(y) = image.row(y) * 0.1 + cv::Scalar::all((depth == CV_16U ? 256 : 1) * y);
    return image;
}

bool same(const cv::Mat &a, const cv::Mat &b)
{
    if (a.empty() || b.empty()) // an empty Mat's type says nothing
        return a.empty() && b.empty();
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

#ifdef MASKLAB_OPENCV_CODECS
QByteArray bytesOf(const std::vector<uchar> &v)
{
    return QByteArray(reinterpret_cast<const char *>(v.data()), qsizetype(v.size()));
}

// An APP1 Exif segment with one orientation entry, put right after the JPEG's SOI.
QByteArray withOrientation(const QByteArray &jpeg, int orientation, bool bigEndian)
{
    const auto u16 = [bigEndian](int v) {
        QByteArray bytes;
        bytes.append(char(bigEndian ? v >> 8 : v & 0xFF));
        bytes.append(char(bigEndian ? v & 0xFF : v >> 8));
        return bytes;
    };
    const auto u32 = [&](int v) { return bigEndian ? u16(0) + u16(v) : u16(v) + u16(0); };
    QByteArray tiff = QByteArray(bigEndian ? "MM" : "II") + u16(42) + u32(8);
    tiff += u16(1) + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0) + u32(0);
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
    const int length = int(payload.size()) + 2;
    QByteArray segment("\xFF\xE1", 2);
    segment.append(char(length >> 8)).append(char(length & 0xFF)).append(payload);
    return jpeg.left(2) + segment + jpeg.mid(2);
}
#endif

} // namespace

class TestPhotoCodec : public QObject
{
    Q_OBJECT
private slots:
    void theLibjpegSetReadsWhatItWrites()
    {
        QTemporaryDir dir;
        const cv::Mat image = testImage(3);
        const QString png = dir.filePath("photo.png");
        QVERIFY(libjpegcodecs::write(png, image, 90));
        QFile file(png);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(same(libjpegcodecs::decode(file.readAll(), PhotoColour::Bgr, 1), image));
        const QString jpeg = dir.filePath("photo.jpg");
        QVERIFY(libjpegcodecs::write(jpeg, image, 95));
        const cv::Mat back = readPhoto(jpeg);
        QCOMPARE(back.size(), image.size());
        QVERIFY(cv::norm(back, image, cv::NORM_L1) / double(image.total() * 3) < 12);
        QCOMPARE(readPhoto(jpeg, PhotoColour::Grey, 4).size(), cv::Size(51, 40));
        QVERIFY(!libjpegcodecs::write(dir.filePath("none/photo.jpg"), image, 90));
        QVERIFY(decodePhoto(QByteArray()).empty());
        QVERIFY(decodePhoto("GIF89a not a photo").empty());
    }

#ifdef MASKLAB_OPENCV_CODECS
    void jpegDecodesAlike_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("orientation");
        QTest::addColumn<bool>("bigEndian");
        QTest::newRow("colour") << 3 << 0 << false;
        QTest::newRow("grey source") << 1 << 0 << false;
        for (int o = 1; o <= 8; ++o) {
            QTest::addRow("orientation %d, II", o) << 3 << o << false;
            QTest::addRow("orientation %d, MM", o) << 3 << o << true;
        }
    }

    void jpegDecodesAlike()
    {
        QFETCH(int, channels);
        QFETCH(int, orientation);
        QFETCH(bool, bigEndian);
        std::vector<uchar> encoded;
        QVERIFY(cv::imencode(".jpg", testImage(channels), encoded, {cv::IMWRITE_JPEG_QUALITY, 90}));
        QByteArray jpeg = bytesOf(encoded);
        if (orientation > 0)
            jpeg = withOrientation(jpeg, orientation, bigEndian);
        for (const PhotoColour colour : {PhotoColour::Bgr, PhotoColour::Grey}) {
            for (const int reduction : {1, 2, 4, 8}) {
                const cv::Mat a = opencvcodecs::decode(jpeg, colour, reduction);
                const cv::Mat b = libjpegcodecs::decode(jpeg, colour, reduction);
                QVERIFY(!a.empty());
                QVERIFY2(same(a, b),
                         qPrintable(QStringLiteral("%1 %2x%3 vs %4x%5, reduction %6")
                                        .arg(colour == PhotoColour::Grey ? "grey" : "colour")
                                        .arg(a.cols)
                                        .arg(a.rows)
                                        .arg(b.cols)
                                        .arg(b.rows)
                                        .arg(reduction)));
            }
        }
        if (orientation >= 5) // turned a quarter: width and height swap
            QCOMPARE(libjpegcodecs::decode(jpeg, PhotoColour::Bgr, 1).size(), cv::Size(157, 203));
    }

    void pngDecodesAlike_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("depth");
        QTest::newRow("RGB") << 3 << int(CV_8U);
        QTest::newRow("RGBA") << 4 << int(CV_8U);
        QTest::newRow("grey") << 1 << int(CV_8U);
        QTest::newRow("16-bit RGB") << 3 << int(CV_16U);
        QTest::newRow("16-bit grey") << 1 << int(CV_16U);
    }

    void pngDecodesAlike()
    {
        QFETCH(int, channels);
        QFETCH(int, depth);
        std::vector<uchar> encoded;
        QVERIFY(cv::imencode(".png", testImage(channels, depth), encoded));
        const QByteArray png = bytesOf(encoded);
        for (const PhotoColour colour : {PhotoColour::Bgr, PhotoColour::Grey})
            for (const int reduction : {1, 2, 4}) {
                const cv::Mat a = opencvcodecs::decode(png, colour, reduction);
                QVERIFY(!a.empty());
                QVERIFY2(same(a, libjpegcodecs::decode(png, colour, reduction)),
                         qPrintable(QStringLiteral("reduction %1").arg(reduction)));
            }
    }

    void damagedDataDecodesAlike()
    {
        std::vector<uchar> encoded;
        QVERIFY(cv::imencode(".jpg", testImage(3), encoded));
        const QByteArray jpeg = bytesOf(encoded);
        QByteArray wrecked = jpeg;
        for (qsizetype i = 700; i < 900; ++i)
            wrecked[i] = char(0x5A);
        for (const QByteArray &bytes : {wrecked, jpeg.left(300), QByteArray("\xFF\xD8\xFF")}) {
            const cv::Mat a = opencvcodecs::decode(bytes, PhotoColour::Bgr, 1);
            const cv::Mat b = libjpegcodecs::decode(bytes, PhotoColour::Bgr, 1);
            QVERIFY2(same(a, b), qPrintable(QStringLiteral("%1 bytes: %2x%3 vs %4x%5")
                                                .arg(bytes.size())
                                                .arg(a.cols)
                                                .arg(a.rows)
                                                .arg(b.cols)
                                                .arg(b.rows)));
        }
        // Cut short, both decode what is there, but fill the rest differently (OpenCV's reader
        // stops short, libjpeg's pads): the scanner refuses such a file before either decodes.
        const QByteArray half = jpeg.left(jpeg.size() / 2);
        QCOMPARE(libjpegcodecs::decode(half, PhotoColour::Bgr, 1).size(),
                 opencvcodecs::decode(half, PhotoColour::Bgr, 1).size());
        QVERIFY(libjpegcodecs::decode(jpeg.left(300), PhotoColour::Bgr, 1).empty());
        // An EXIF directory said to lie past the end (or 4 GiB away): upright, no crash.
        for (const char *offset : {"\x00\x00\xFF\xF0", "\xFF\xFF\xFF\xFE", "\xFF\xFF\xFF\xFF"}) {
            QByteArray lying = withOrientation(jpeg, 6, true);
            lying.replace(lying.indexOf("MM\x00\x2A") + 4, 4, QByteArray(offset, 4));
            QCOMPARE(libjpegcodecs::decode(lying, PhotoColour::Bgr, 1).size(), cv::Size(203, 157));
            QVERIFY(same(opencvcodecs::decode(lying, PhotoColour::Bgr, 1),
                         libjpegcodecs::decode(lying, PhotoColour::Bgr, 1)));
        }
        // A damaged PNG, and one smaller than its reduction.
        std::vector<uchar> encodedPng;
        QVERIFY(cv::imencode(".png", testImage(3), encodedPng));
        QByteArray png = bytesOf(encodedPng);
        for (qsizetype i = 60; i < png.size() - 12; ++i)
            png[i] = char(0x5A);
        const cv::Mat a = opencvcodecs::decode(png, PhotoColour::Bgr, 1);
        const cv::Mat b = libjpegcodecs::decode(png, PhotoColour::Bgr, 1);
        QVERIFY2(
            same(a, b),
            qPrintable(
                QStringLiteral("%1x%2 vs %3x%4").arg(a.cols).arg(a.rows).arg(b.cols).arg(b.rows)));
        QVERIFY(cv::imencode(".png", cv::Mat(3, 3, CV_8UC3, cv::Scalar::all(9)), encodedPng));
        QVERIFY(same(opencvcodecs::decode(bytesOf(encodedPng), PhotoColour::Bgr, 4),
                     libjpegcodecs::decode(bytesOf(encodedPng), PhotoColour::Bgr, 4)));
    }

    void bothWriteTheSameJpeg()
    {
        QTemporaryDir dir;
        const cv::Mat image = testImage(3);
        QVERIFY(opencvcodecs::write(dir.filePath("a.jpg"), image, 92));
        QVERIFY(libjpegcodecs::write(dir.filePath("b.jpg"), image, 92));
        QFile a(dir.filePath("a.jpg")), b(dir.filePath("b.jpg"));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll());
    }
#endif
};

QTEST_GUILESS_MAIN(TestPhotoCodec)
#include "tst_photocodec.moc"
