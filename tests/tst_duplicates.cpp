// Duplicate photos without a model, on a generated set with planted copies: a re-encoded photo
// under another person, a whole person copied under a second id, an eval image that copies a
// (resized) training photo. Nothing else may be reported, and the hash cache is reused.

#include "datasetscanner.h"
#include "duplicates.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace masklab;
using namespace masklab::finder;
using namespace masklab::test;

namespace {
// Writes `from` again as a JPEG of the given quality, scaled by `scale`.
bool reencode(const QString &from, const QString &to, int quality, double scale = 1.0)
{
    cv::Mat image = cv::imread(QFile::encodeName(from).toStdString());
    if (image.empty())
        return false;
    if (scale != 1.0)
        cv::resize(image, image, cv::Size(), scale, scale, cv::INTER_AREA);
    return cv::imwrite(QFile::encodeName(to).toStdString(), image,
                       {cv::IMWRITE_JPEG_QUALITY, quality});
}
} // namespace

class TestDuplicates : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;
    QStringList m_folders;

    QString photo(int person, const char *stem) const
    {
        return m_root + "/train/images/" + m_folders[person] + "/" + stem + ".jpg";
    }
    LabeledDataset labels() const
    {
        return LabeledDataset(std::make_shared<Dataset>(indexDataset(m_root).dataset));
    }

private slots:
    void initTestCase()
    {
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 40, 6, 0, false));
        m_folders = QDir(m_root + "/train/images").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    }

    void aCleanSetHasNone()
    {
        const DuplicateResult found = findDuplicates(labels(), QString(), {});
        QVERIFY2(found.ok, qPrintable(found.error));
        QCOMPARE(found.images, 40 * 7 + 6 * 7);
        QVERIFY2(found.suspects.empty(),
                 qPrintable(found.suspects.empty() ? QString()
                                                   : found.suspects.front().folder + " " +
                                                         found.suspects.front().other));
    }

    void plantedCopiesAreFound()
    {
        // Person 3's mask3, re-encoded at quality 60, stands in for person 9's mask1.
        QVERIFY(reencode(photo(3, "mask3"), photo(9, "mask1"), 60));
        // Person 5 again, every photo re-encoded, under a new id.
        const QString twin = "009999_" + m_folders[5].section(u'_', 1);
        QVERIFY(QDir().mkpath(m_root + "/train/images/" + twin));
        for (const char *stem :
             {"mask1", "mask2", "mask3", "mask4", "mask5", "incorrect_mask", "normal"})
            QVERIFY(reencode(photo(5, stem), m_root + "/train/images/" + twin + "/" + stem + ".jpg",
                             85));
        // An eval image that is person 7's normal photo at 90% size.
        const QString leak = QStringLiteral("00000000000000000000000000000000000000aa.jpg");
        QVERIFY(reencode(photo(7, "normal"), m_root + "/eval/images/" + leak, 90, 0.9));
        QFile info(m_root + "/eval/info.csv");
        QVERIFY(info.open(QIODevice::Append));
        info.write(leak.toUtf8() + ",0\n");
        info.close();

        const QString cache = m_tmp.filePath("hashes.bin");
        const DuplicateResult found = findDuplicates(labels(), cache, {});
        QVERIFY2(found.ok, qPrintable(found.error));
        QStringList described;
        for (const Suspect &s : found.suspects) {
            QCOMPARE(s.kind, SuspectKind::Duplicate);
            described
                << QStringLiteral("%1|%2|%3|%4").arg(s.folder, s.photo(), s.other, s.suggested);
            QVERIFY(s.score > 0.98 && s.score <= 1.0);
        }
        described.sort();
        QStringList expected = {
            QStringLiteral("%1||%2|exclude").arg(twin, m_folders[5]),
            QStringLiteral("%1|mask1|train/images/%2/mask3.jpg|exclude")
                .arg(m_folders[9], m_folders[3]),
            QStringLiteral("%1|normal|eval/images/%2|known-label").arg(m_folders[7], leak)};
        expected.sort();
        QCOMPARE(described, expected);

        // The cache holds every photo: a second search reads none, a changed file is read again.
        QCOMPARE(findDuplicates(labels(), cache, {}).hashedNow, 0);
        QVERIFY(reencode(photo(0, "mask1"), photo(0, "mask1"), 50));
        const DuplicateResult again = findDuplicates(labels(), cache, {});
        QCOMPARE(again.hashedNow, 1);
        QCOMPARE(int(again.suspects.size()), 3);
    }

    void anUnreadablePhotoIsListed()
    {
        QVERIFY(writeFile(photo(11, "mask4"), "garbage"));
        const DuplicateResult found = findDuplicates(labels(), QString(), {});
        QVERIFY(found.ok);
        QCOMPARE(found.undecodable, QStringList{"train/images/" + m_folders[11] + "/mask4.jpg"});
    }
};

QTEST_GUILESS_MAIN(TestDuplicates)
#include "tst_duplicates.moc"
