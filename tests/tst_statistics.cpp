// Label statistics against counts made independently from train.csv (also after edits and with
// moved thresholds), exact CSV exports, and pixel statistics of images with known values.

#include "csvtable.h"
#include "datasetscanner.h"
#include "imagestatistics.h"
#include "labelstatistics.h"
#include "testsupport.h"
#include "workspace.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

using namespace masklab;
using namespace masklab::test;

class TestStatistics : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    std::shared_ptr<const Dataset> m_dataset;
    CsvTable m_csv;

    // Counts straight from the CSV rows: every person has 5 worn, 1 incorrect, 1 normal photo.
    std::array<int, kClassCount> expectedClasses(const AgeThresholds &t) const
    {
        std::array<int, kClassCount> counts{};
        for (const CsvRecord &row : m_csv.records) {
            const Gender g = *parseGender(row.fields[1]);
            const AgeGroup a = t.groupOf(row.fields[3].toInt());
            counts[size_t(classIndex(MaskState::Wear, g, a))] += 5;
            counts[size_t(classIndex(MaskState::Incorrect, g, a))] += 1;
            counts[size_t(classIndex(MaskState::NotWear, g, a))] += 1;
        }
        return counts;
    }

private slots:
    void initTestCase()
    {
        const QString root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(root, 40, 0, 0, false, 64, 85));
        m_dataset = std::make_shared<Dataset>(scanDataset(root).dataset);
        m_csv = parseCsv(readFile(root + "/train/train.csv"));
        QCOMPARE(int(m_csv.records.size()), 40);
    }

    void countsMatchTheCsv_data()
    {
        QTest::addColumn<int>("oldFrom");
        QTest::newRow("old at 60") << 60;
        QTest::newRow("old at 58") << 58;
        QTest::newRow("old at 50") << 50;
    }

    void countsMatchTheCsv()
    {
        QFETCH(int, oldFrom);
        const AgeThresholds t{30, oldFrom};
        const LabelStatistics s = computeLabelStatistics(LabeledDataset(m_dataset), t);
        QCOMPARE(s.persons, 40);
        QCOMPARE(s.images, 280);
        QVERIFY(s.classImages == expectedClasses(t));
        QCOMPARE(s.maskImages[0], 200);
        QCOMPARE(s.maskImages[1], 40);
        QCOMPARE(s.maskImages[2], 40);
        int old = 0, female = 0;
        std::vector<int> histogram(61, 0);
        for (const CsvRecord &row : m_csv.records) {
            old += row.fields[3].toInt() >= oldFrom ? 1 : 0;
            female += row.fields[1] == "female" ? 1 : 0;
            ++histogram[size_t(row.fields[3].toInt())];
        }
        QCOMPARE(s.agePersons[2], old);
        QCOMPARE(s.genderPersons[1], female);
        QCOMPARE(s.genderAgePersons[0][2] + s.genderAgePersons[1][2], old);
        for (int age = 0; age <= 60; ++age)
            QCOMPARE(age < int(s.ageHistogram.size()) ? s.ageHistogram[size_t(age)] : 0,
                     histogram[size_t(age)]);
        QVERIFY(s.imbalanceRatio() >= 1.0);
        QCOMPARE(s.classImages[size_t(s.largestClass())],
                 *std::max_element(s.classImages.begin(), s.classImages.end()));
    }

    void editsMoveTheCounts()
    {
        LabeledDataset labels(m_dataset);
        const AgeThresholds t;
        const LabelStatistics before = computeLabelStatistics(labels, t);
        const Person &p = labels.person(0);
        const Gender other = p.gender == Gender::Male ? Gender::Female : Gender::Male;
        const AgeGroup group = t.groupOf(p.age);
        labels.setGender(0, other);
        labels.setExcluded(1, 3, true);
        labels.setMask(2, 5, MaskState::NotWear);
        const LabelStatistics after = computeLabelStatistics(labels, t);
        QCOMPARE(after.genderPersons[size_t(other)], before.genderPersons[size_t(other)] + 1);
        QCOMPARE(after.images, 279);
        QCOMPARE(after.excludedImages, 1);
        QCOMPARE(after.maskImages[1], before.maskImages[1] - 1);
        QCOMPARE(after.maskImages[2], before.maskImages[2] + 1);
        const int wearOther = classIndex(MaskState::Wear, other, group);
        const int wearOwn = classIndex(MaskState::Wear, p.gender, group);
        QVERIFY(after.classImages[size_t(wearOther)] >=
                before.classImages[size_t(wearOther)] + 5 - 1);
        QVERIFY(after.classImages[size_t(wearOwn)] <= before.classImages[size_t(wearOwn)] - 5 + 1);
        // The original view ignores the edits.
        const LabelStatistics original = computeOriginalStatistics(labels, t);
        QVERIFY(original.classImages == before.classImages);
    }

    void csvExportsAreExact()
    {
        LabelStatistics s;
        s.images = 8;
        s.classImages[0] = 6;
        s.classImages[17] = 2;
        s.maskImages = {6, 0, 2};
        s.genderPersons = {1, 1};
        s.agePersons = {1, 0, 1};
        s.genderAgePersons[0] = {1, 0, 0};
        s.genderAgePersons[1] = {0, 0, 1};
        s.ageHistogram.assign(61, 0);
        s.ageHistogram[20] = 1;
        s.ageHistogram[60] = 1;
        LabelStatistics original = s;
        original.classImages[0] = 7;
        QVERIFY(classCountsCsv(s).startsWith("class,name,count,percent\n"
                                             "0,mask_male_young,6,75.00\n"
                                             "1,mask_male_middle,0,0.00\n"));
        QVERIFY(classCountsCsv(s).endsWith("17,normal_female_old,2,25.00\n"));
        QVERIFY(classCountsCsv(s, &original)
                    .startsWith("class,name,original,count,percent\n"
                                "0,mask_male_young,7,6,75.00\n"));
        QCOMPARE(maskCountsCsv(s), QStringLiteral("mask,count\nmask,6\nincorrect,0\nnormal,2\n"));
        QCOMPARE(genderCountsCsv(s, &original),
                 QStringLiteral("gender,original,count\nmale,1,1\nfemale,1,1\n"));
        QCOMPARE(ageGroupCountsCsv(s), QStringLiteral("age_group,count\nyoung <30,1\n"
                                                      "middle 30-59,0\nold >=60,1\n"));
        QCOMPARE(genderAgeCsv(s),
                 QStringLiteral("gender,young,middle,old\nmale,1,0,0\nfemale,0,0,1\n"));
        QCOMPARE(ageHistogramCsv(s), QStringLiteral("age,persons\n20,1\n60,1\n"));
    }

    void pixelStatisticsOfKnownImages()
    {
        // A pure red and a pure blue PNG (lossless), 40x30 each, plus a file that won't decode.
        const QString red = m_tmp.filePath("red.png");
        const QString blue = m_tmp.filePath("blue.png");
        QVERIFY(cv::imwrite(red.toStdString(), cv::Mat(30, 40, CV_8UC3, cv::Scalar(0, 0, 255))));
        QVERIFY(cv::imwrite(blue.toStdString(), cv::Mat(30, 40, CV_8UC3, cv::Scalar(255, 0, 0))));
        const QString broken = m_tmp.filePath("broken.jpg");
        QVERIFY(writeFile(broken, "x"));
        const ImageStatistics s = computeImageStatistics({red, blue, broken}, 2);
        QCOMPARE(s.images, qint64(2));
        QCOMPARE(s.failed, qint64(1));
        QCOMPARE(s.sizes.size(), size_t(1));
        QCOMPARE(s.sizes.at({40, 30}), qint64(2));
        QCOMPARE(s.mean[0], 0.5); // R
        QCOMPARE(s.mean[1], 0.0); // G
        QCOMPARE(s.mean[2], 0.5); // B
        QCOMPARE(s.std[0], 0.5);
        QCOMPARE(s.std[1], 0.0);
        QCOMPARE(s.brightness[76], qint64(1200)); // red: (299 * 255 + 500) / 1000
        QCOMPARE(s.brightness[29], qint64(1200)); // blue: (114 * 255 + 500) / 1000
        QVERIFY(brightnessCsv(s).contains("\n76,1200\n"));

        QString error;
        const auto back = ImageStatistics::fromYaml(s.toYaml(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->mean, s.mean);
        QCOMPARE(back->brightness, s.brightness);
        QCOMPARE(back->sizes, s.sizes);
        QVERIFY(!ImageStatistics::fromYaml("mean: [1]\n", &error));
    }

    // The cache in the workspace serves only the same number of images: a dataset that gained
    // or lost photos since is computed again.
    void imageStatisticsCache()
    {
        const Workspace ws(m_tmp.filePath("stats.masklab"), m_tmp.filePath("stats"));
        using Set = Workspace::ImageSet;
        QVERIFY(!ws.loadImageStatistics(Set::Train, 6)); // nothing cached
        ImageStatistics s;
        s.images = 5;
        s.failed = 1;
        s.mean = {0.1, 0.2, 0.3};
        QString error;
        QVERIFY2(ws.saveImageStatistics(Set::Train, s, &error), qPrintable(error));
        const auto cached = ws.loadImageStatistics(Set::Train, 6);
        QVERIFY(cached);
        QCOMPARE(cached->mean, s.mean);
        QVERIFY(!ws.loadImageStatistics(Set::Train, 7)); // the dataset changed
        QVERIFY(!ws.loadImageStatistics(Set::Eval, 6));  // another set
        QVERIFY(writeFile(ws.imageStatisticsPath(Set::Train), "mean: [oops\n"));
        QVERIFY(!ws.loadImageStatistics(Set::Train, 6)); // broken: computed again
    }

    void imageStatisticsCancel()
    {
        std::vector<QString> paths(500, m_tmp.filePath("red.png"));
        std::atomic<bool> cancel{true};
        ProgressSink sink;
        sink.cancel = &cancel;
        const ImageStatistics s = computeImageStatistics(paths, 2, sink);
        QVERIFY(s.cancelled);
        QVERIFY(s.images < 500);
    }
};

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
