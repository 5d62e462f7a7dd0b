// Header reads (cheap check: format, size, end marker) and full decodes (--deep) on real
// encoded files and broken ones.

#include "imageheader.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

using namespace masklab;
using namespace masklab::test;

namespace {
QByteArray encode(const char *ext, int width, int height)
{
    cv::Mat image(height, width, CV_8UC3, cv::Scalar(10, 120, 200));
    std::vector<uchar> bytes;
    cv::imencode(ext, image, bytes);
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}
} // namespace

class TestImageHeader : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void headers_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<QString>("errorPart");
        const QByteArray jpeg = encode(".jpg", 384, 512);
        QByteArray withExif = jpeg;
        // An APP1 segment before the frame header, as cameras write: the walk must skip it.
        withExif.insert(2, QByteArray("\xFF\xE1\x00\x10", 4) + QByteArray(14, 'x'));
        QTest::newRow("jpeg 384x512") << jpeg << int(ImageStatus::Ok) << "jpeg" << 384 << 512 << "";
        QTest::newRow("jpeg with APP1")
            << withExif << int(ImageStatus::Ok) << "jpeg" << 384 << 512 << "";
        QTest::newRow("jpeg other size")
            << encode(".jpg", 200, 100) << int(ImageStatus::Ok) << "jpeg" << 200 << 100 << "";
        QTest::newRow("png") << encode(".png", 64, 48) << int(ImageStatus::Ok) << "png" << 64 << 48
                             << "";
        QTest::newRow("bmp") << encode(".bmp", 30, 20) << int(ImageStatus::Ok) << "bmp" << 30 << 20
                             << "";
        QTest::newRow("empty") << QByteArray() << int(ImageStatus::Empty) << "" << 0 << 0
                               << "empty";
        QTest::newRow("text") << QByteArray("hello, not an image") << int(ImageStatus::Unreadable)
                              << "" << 0 << 0 << "not an image";
        QTest::newRow("jpeg cut in its header")
            << jpeg.left(12) << int(ImageStatus::Unreadable) << "jpeg" << 0 << 0 << "truncated";
        QTest::newRow("jpeg cut in its data")
            << jpeg.left(jpeg.size() / 2) << int(ImageStatus::Undecodable) << "jpeg" << 384 << 512
            << "JPEG is truncated";
        // Some phones append their own data after the end marker: still a whole photo.
        QTest::newRow("jpeg with a trailer")
            << jpeg + QByteArray(600, 'T') << int(ImageStatus::Ok) << "jpeg" << 384 << 512 << "";
        const QByteArray png = encode(".png", 64, 48);
        QTest::newRow("png cut") << png.left(png.size() - 20) << int(ImageStatus::Undecodable)
                                 << "png" << 64 << 48 << "PNG is truncated";
        QTest::newRow("jpeg claiming 60000x60000")
            << jpegClaimingSize(jpeg, 60000, 60000) << int(ImageStatus::Unreadable) << "jpeg"
            << 60000 << 60000
            << "60000x60000 pixels (3600 megapixels), more than the 250 MaskLab decodes";
        QTest::newRow("png without IHDR")
            << QByteArray("\x89PNG\r\n\x1A\n", 8) + QByteArray(20, 0)
            << int(ImageStatus::Unreadable) << "png" << 0 << 0 << "IHDR";
    }

    void headers()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QString, format);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(QString, errorPart);
        const QString file = path(QTest::currentDataTag());
        QVERIFY(writeFile(file, bytes));
        const ImageHeader header = readImageHeader(file);
        QCOMPARE(int(header.status), status);
        QCOMPARE(header.format, format);
        QCOMPARE(header.width, width);
        QCOMPARE(header.height, height);
        QVERIFY2(header.error.contains(errorPart), qPrintable(header.error));
    }

    void missingFile()
    {
        const ImageHeader header = readImageHeader(path("does-not-exist.jpg"));
        QCOMPARE(header.status, ImageStatus::Unreadable);
        QVERIFY(header.error.contains("cannot open"));
    }

    void deepDecodeCatchesTruncatedData()
    {
        const QByteArray jpeg = encode(".jpg", 384, 512);
        const QString whole = path("whole.jpg");
        const QString cut = path("cut.jpg");
        QVERIFY(writeFile(whole, jpeg));
        QVERIFY(writeFile(cut, jpeg.left(jpeg.size() / 2)));
        const ImageHeader deep = decodeImage(cut);
        QCOMPARE(deep.status, ImageStatus::Undecodable);
        QVERIFY(!deep.error.isEmpty());
        const ImageHeader good = decodeImage(whole);
        QCOMPARE(good.status, ImageStatus::Ok);
        QCOMPARE(good.width, 384);
        QCOMPARE(good.height, 512);
    }

    void deepDecodeOfCorruptPixels()
    {
        const QString file = path("corrupt.png");
        QVERIFY(writeFile(file, wreckedPng(64, 48)));
        QCOMPARE(readImageHeader(file).status, ImageStatus::Ok);
        QCOMPARE(decodeImage(file).status, ImageStatus::Undecodable);
    }
};

QTEST_APPLESS_MAIN(TestImageHeader)
#include "tst_imageheader.moc"
