// The synthetic dataset generator: layout, determinism, distribution, injected label errors.

#include "csvtable.h"
#include "datasetscanner.h"
#include "facepainter.h"
#include "population.h"
#include "random.h"
#include "synthdataset.h"
#include "testsupport.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <map>

using namespace masklab;
using namespace masklab::synth;
using namespace masklab::test;

class TestSynth : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    SynthResult write(const QString &name, SynthOptions options)
    {
        return writeSynthDataset(m_tmp.filePath(name), options);
    }

private slots:
    void layoutAndScan()
    {
        SynthOptions options;
        options.persons = 8;
        options.evalPersons = 2;
        options.quirks = false;
        const SynthResult result = write("layout", options);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.images, 70);
        const QString root = m_tmp.filePath("layout");
        QVERIFY(QFile::exists(root + "/train/train.csv"));
        QVERIFY(QFile::exists(root + "/eval/info.csv"));
        QCOMPARE(result.truthDir, root + "-truth");
        QVERIFY(QFile::exists(result.truthDir + "/label_noise.csv"));
        QVERIFY(QFile::exists(result.truthDir + "/persons.csv"));

        const CsvTable info = parseCsv(readFile(root + "/eval/info.csv"));
        QCOMPARE(info.header, QStringList({"ImageID", "ans"}));
        QCOMPARE(int(info.records.size()), 14);
        static const QRegularExpression hexName("^[0-9a-f]{40}\\.jpg$");
        for (const CsvRecord &record : info.records) {
            QVERIFY(hexName.match(record.fields[0]).hasMatch());
            QCOMPARE(record.fields[1], QStringLiteral("0"));
        }
        const CsvTable truth = parseCsv(readFile(result.truthDir + "/eval_truth.csv"));
        QCOMPARE(int(truth.records.size()), 14);

        const ScanResult scan = scanDataset(root);
        QVERIFY(scan.issues.empty());
        QCOMPARE(int(scan.dataset.persons.size()), 8);
        // The id column is unpadded while folders are padded, as in the real train.csv.
        const Person &first = scan.dataset.persons.front();
        QVERIFY(!first.id.startsWith(u'0'));
        QVERIFY(first.folder.startsWith(QStringLiteral("%1_").arg(first.id, 6, u'0')));
    }

    void sameSeedSameBytes()
    {
        SynthOptions options;
        options.persons = 5;
        options.evalPersons = 1;
        options.labelNoise = 0.4;
        options.seed = 42;
        QVERIFY(write("seedA", options).ok);
        options.threads = 1; // thread count must not change the output
        QVERIFY(write("seedB", options).ok);
        options.seed = 43;
        QVERIFY(write("seedC", options).ok);
        const QString a = treeFingerprint(m_tmp.filePath("seedA"));
        QCOMPARE(treeFingerprint(m_tmp.filePath("seedB")), a);
        QVERIFY(treeFingerprint(m_tmp.filePath("seedC")) != a);
        QCOMPARE(treeFingerprint(m_tmp.filePath("seedA-truth")),
                 treeFingerprint(m_tmp.filePath("seedB-truth")));
    }

    void realDistributionAtFullSize()
    {
        PopulationOptions options;
        options.persons = 2700;
        const std::vector<SynthPerson> persons = planPopulation(options);
        QCOMPARE(int(persons.size()), 2700);
        std::map<std::pair<int, int>, int> groups;
        int female = 0;
        for (const SynthPerson &p : persons) {
            ++groups[{int(p.look.gender), int(AgeThresholds{}.groupOf(p.look.age))}];
            female += p.look.gender == Gender::Female ? 1 : 0;
            QVERIFY(p.look.age >= 18 && p.look.age <= 60);
        }
        // F-middle 817, F-young 732, M-young 549, M-middle 410, F-old 109, M-old 83 (+-1).
        const int expected[2][3] = {{549, 410, 83}, {732, 817, 109}};
        for (int g = 0; g < 2; ++g)
            for (int a = 0; a < 3; ++a)
                QVERIFY2(std::abs(groups[{g, a}] - expected[g][a]) <= 1,
                         qPrintable(
                             QStringLiteral("group %1/%2: %3").arg(g).arg(a).arg(groups[{g, a}])));
        QVERIFY(std::abs(female - 1658) <= 2);
    }

    void smallSetsStillHaveEveryGroup()
    {
        PopulationOptions options;
        options.persons = 12;
        std::map<std::pair<int, int>, int> groups;
        for (const SynthPerson &p : planPopulation(options))
            ++groups[{int(p.look.gender), int(AgeThresholds{}.groupOf(p.look.age))}];
        QCOMPARE(int(groups.size()), 6);
    }

    void labelNoiseIsRecordedAsTruth()
    {
        PopulationOptions options;
        options.persons = 300;
        options.labelNoise = 0.06;
        const std::vector<SynthPerson> persons = planPopulation(options);
        std::map<NoiseKind, int> kinds;
        for (const SynthPerson &p : persons) {
            ++kinds[p.noise];
            switch (p.noise) {
            case NoiseKind::None:
            case NoiseKind::MaskSwap:
                QCOMPARE(p.recordedGender, p.look.gender);
                QCOMPARE(p.recordedAge, p.look.age);
                break;
            case NoiseKind::GenderFlip:
                QVERIFY(p.recordedGender != p.look.gender);
                break;
            case NoiseKind::WrongAgeGroup:
                QVERIFY(AgeThresholds{}.groupOf(p.recordedAge) !=
                        AgeThresholds{}.groupOf(p.look.age));
                break;
            }
            const auto name = parseFolderName(p.folder);
            QVERIFY(name && name->gender == p.recordedGender && name->age == p.recordedAge);
        }
        QCOMPARE(kinds[NoiseKind::GenderFlip], 6);
        QCOMPARE(kinds[NoiseKind::MaskSwap], 6);
        QCOMPARE(kinds[NoiseKind::WrongAgeGroup], 6);
    }

    void noiseTruthFileMatchesTheImages()
    {
        SynthOptions options;
        options.persons = 10;
        options.labelNoise = 0.3;
        options.quirks = false;
        options.width = 96;
        options.height = 128;
        const SynthResult result = write("noisy", options);
        QVERIFY(result.ok);
        QCOMPARE(result.noisyPersons, 3);
        const CsvTable truth = parseCsv(readFile(result.truthDir + "/label_noise.csv"));
        QCOMPARE(truth.header,
                 QStringList({"folder", "kind", "photo", "field", "recorded", "true"}));
        QCOMPARE(int(truth.records.size()), 4); // a swap is two photo rows
        const CsvTable persons = parseCsv(readFile(result.truthDir + "/persons.csv"));
        const QString root = m_tmp.filePath("noisy");
        for (const CsvRecord &row : truth.records) {
            const QString folder = row.fields[0];
            QVERIFY(QDir(root + "/train/images/" + folder).exists());
            if (row.fields[1] == "gender-flip") {
                QCOMPARE(parseFolderName(folder)->gender, *parseGender(row.fields[4]));
                QVERIFY(row.fields[4] != row.fields[5]);
            }
            if (row.fields[1] == "mask-swap") {
                // The file named incorrect_mask holds the no-mask painting and vice versa.
                PopulationOptions plan;
                plan.persons = options.persons;
                plan.seed = options.seed;
                plan.labelNoise = options.labelNoise;
                plan.quirks = false;
                const std::vector<SynthPerson> people = planPopulation(plan);
                const auto person =
                    std::find_if(people.begin(), people.end(),
                                 [&](const SynthPerson &p) { return p.folder == folder; });
                QVERIFY(person != people.end());
                const int slot = *photoSlotOfStem(row.fields[2]);
                const cv::Mat stored =
                    cv::imread((root + "/train/images/" + folder + "/" + row.fields[2] + ".jpg")
                                   .toStdString());
                const cv::Size size(96, 128);
                const uint64_t seed = mixSeed(person->seed, 10, uint64_t(slot));
                const MaskState recorded = maskStateOfSlot(slot);
                const MaskState actual = *parseMaskState(row.fields[5]);
                QVERIFY(recorded != actual);
                const double toActual =
                    cv::norm(stored, paintFace(person->look, actual, seed, size), cv::NORM_L1);
                const double toRecorded =
                    cv::norm(stored, paintFace(person->look, recorded, seed, size), cv::NORM_L1);
                QVERIFY2(toActual < toRecorded / 2,
                         qPrintable(QStringLiteral("%1 vs %2").arg(toActual).arg(toRecorded)));
            }
        }
        QCOMPARE(int(persons.records.size()), 10);
    }

    void maskStatesLookDifferent()
    {
        // Same person, same camera: the three mask states must differ visibly in the lower face,
        // and the two recorded genders must differ too, or no model could learn them.
        const PersonLook look = drawLook(Gender::Female, 45, 99);
        const cv::Size size(96, 128);
        const cv::Mat wear = paintFace(look, MaskState::Wear, 5, size);
        const cv::Mat incorrect = paintFace(look, MaskState::Incorrect, 5, size);
        const cv::Mat none = paintFace(look, MaskState::NotWear, 5, size);
        auto diff = [](const cv::Mat &a, const cv::Mat &b) {
            return cv::norm(a, b, cv::NORM_L1) / a.total();
        };
        QVERIFY(diff(wear, none) > 8);
        QVERIFY(diff(wear, incorrect) > 4);
        QVERIFY(diff(incorrect, none) > 2);
        QCOMPARE(diff(wear, paintFace(look, MaskState::Wear, 5, size)), 0.0);
    }

    void refusesToOverwrite()
    {
        const QString out = m_tmp.filePath("occupied");
        QVERIFY(writeFile(out + "/precious.txt", "keep me"));
        SynthOptions options;
        options.persons = 2;
        const SynthResult result = writeSynthDataset(out, options);
        QVERIFY(!result.ok);
        QVERIFY(result.error.contains("not empty"));
        QCOMPARE(readFile(out + "/precious.txt"), QByteArray("keep me"));
    }

    void rejectsBadOptions_data()
    {
        QTest::addColumn<int>("persons");
        QTest::addColumn<double>("noise");
        QTest::addColumn<int>("width");
        QTest::addColumn<QString>("truth");
        QTest::addColumn<QString>("message");
        QTest::newRow("no persons") << 0 << 0.0 << 384 << ""
                                    << "--persons";
        QTest::newRow("noise > 1") << 3 << 1.5 << 384 << ""
                                   << "--label-noise";
        QTest::newRow("tiny size") << 3 << 0.0 << 8 << ""
                                   << "--size";
        QTest::newRow("truth inside") << 3 << 0.0 << 384 << "INSIDE"
                                      << "outside";
    }

    void rejectsBadOptions()
    {
        QFETCH(int, persons);
        QFETCH(double, noise);
        QFETCH(int, width);
        QFETCH(QString, truth);
        QFETCH(QString, message);
        const QString out = m_tmp.filePath(QStringLiteral("bad-%1").arg(QTest::currentDataTag()));
        SynthOptions options;
        options.persons = persons;
        options.labelNoise = noise;
        options.width = width;
        options.truthDir = truth == "INSIDE" ? out + "/truth" : QString();
        const SynthResult result = writeSynthDataset(out, options);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(message), qPrintable(result.error));
    }
};

QTEST_GUILESS_MAIN(TestSynth)
#include "tst_synth.moc"
