// Person-level splits: no person on both sides, stratified within tolerance, deterministic, and
// K folds that partition the persons.

#include "datasetscanner.h"
#include "personsplit.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

using namespace masklab;
using namespace masklab::test;

class TestPersonSplit : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    std::unique_ptr<LabeledDataset> m_labels;

    int groupOf(int person) const
    {
        return int(m_labels->gender(person)) * 3 +
               int(AgeThresholds{}.groupOf(m_labels->age(person)));
    }

private slots:
    void initTestCase()
    {
        const QString root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(root, 120, 0, 0, false, 32, 43));
        m_labels =
            std::make_unique<LabeledDataset>(std::make_shared<Dataset>(scanDataset(root).dataset));
    }

    void holdoutSplit_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::newRow("20%") << 0.2;
        QTest::newRow("10%") << 0.1;
        QTest::newRow("50%") << 0.5;
    }

    void holdoutSplit()
    {
        QFETCH(double, fraction);
        const PersonSplit split = splitPersons(*m_labels, {}, fraction, 42);
        std::set<int> train(split.train.begin(), split.train.end());
        std::set<int> validation(split.validation.begin(), split.validation.end());
        QCOMPARE(int(train.size() + validation.size()), 120);
        for (int p : validation)
            QVERIFY(!train.count(p)); // never on both sides
        QVERIFY(std::abs(int(validation.size()) - int(std::lround(120 * fraction))) <= 6);
        // Stratified: each gender x age group is split by the fraction, within one person.
        std::map<int, int> all, held;
        for (int p = 0; p < 120; ++p)
            ++all[groupOf(p)];
        for (int p : validation)
            ++held[groupOf(p)];
        QCOMPARE(int(all.size()), 6);
        for (const auto &[group, n] : all) {
            QVERIFY2(std::abs(held[group] - fraction * n) <= 1.0,
                     qPrintable(
                         QStringLiteral("group %1: %2 of %3").arg(group).arg(held[group]).arg(n)));
            QVERIFY(held[group] >= 1); // rare groups are validated too
        }
        // Deterministic for a seed, different for another.
        const PersonSplit again = splitPersons(*m_labels, {}, fraction, 42);
        QCOMPARE(again.validation, split.validation);
        QVERIFY(splitPersons(*m_labels, {}, fraction, 43).validation != split.validation);
    }

    void kFoldsPartition()
    {
        const int folds = 5;
        std::map<int, int> timesValidated;
        for (int fold = 0; fold < folds; ++fold) {
            const PersonSplit split = kFoldSplit(*m_labels, {}, folds, fold, 7);
            QCOMPARE(int(split.train.size() + split.validation.size()), 120);
            QVERIFY(std::abs(int(split.validation.size()) - 24) <= 3);
            std::set<int> train(split.train.begin(), split.train.end());
            for (int p : split.validation) {
                QVERIFY(!train.count(p));
                ++timesValidated[p];
            }
        }
        QCOMPARE(int(timesValidated.size()), 120); // every person validated...
        for (const auto &[person, times] : timesValidated)
            QCOMPARE(times, 1); // ...exactly once
        QVERIFY(kFoldSplit(*m_labels, {}, 1, 0, 7).validation.empty());
        QVERIFY(kFoldSplit(*m_labels, {}, 5, 5, 7).validation.empty());
    }

    void foldFileKeepsTheFoldsItWasWrittenWith()
    {
        const QString path = m_tmp.filePath("folds.csv");
        QVERIFY(writeFile(path, foldFileText(*m_labels, drawFolds(*m_labels, {}, 4, 9)).toUtf8()));
        QString error;
        const auto foldOf = readFoldFile(path, 4, &error);
        QVERIFY2(foldOf, qPrintable(error));
        QCOMPARE(int(foldOf->size()), 120);
        // Relabeling everyone moves persons between strata: drawn folds change, pinned ones not.
        LabeledDataset relabeled = *m_labels;
        for (int p = 0; p < 120; ++p)
            relabeled.setGender(p, Gender::Female);
        for (int fold = 0; fold < 4; ++fold) {
            const auto pinned = foldFileSplit(relabeled, *foldOf, fold, &error);
            QVERIFY2(pinned, qPrintable(error));
            QCOMPARE(pinned->validation, kFoldSplit(*m_labels, {}, 4, fold, 9).validation);
            QCOMPARE(pinned->train, kFoldSplit(*m_labels, {}, 4, fold, 9).train);
        }
        QVERIFY(kFoldSplit(relabeled, {}, 4, 0, 9).validation !=
                kFoldSplit(*m_labels, {}, 4, 0, 9).validation);
    }

    void badFoldFiles_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        const QByteArray first = m_labels->person(0).folder.toUtf8();
        QTest::newRow("no fold column") << QByteArray("folder\nx\n") << "line 1: the header";
        QTest::newRow("fold too high") << "folder,fold\n" + first + ",4\n"
                                       << "line 2: fold \"4\" is not a whole number from 0 to 3";
        QTest::newRow("fold not a number") << "folder,fold\n" + first + ",two\n"
                                           << "line 2: fold \"two\"";
        QTest::newRow("listed twice") << "folder,fold\n" + first + ",1\n" + first + ",2\n"
                                      << "line 3: " + QString::fromUtf8(first) + " is listed twice";
        QTest::newRow("a person without a fold") << "folder,fold\n" + first + ",1\n"
                                                 << m_labels->person(1).folder + " has no fold";
    }

    void badFoldFiles()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const QString path = m_tmp.filePath("bad-folds.csv");
        QVERIFY(writeFile(path, text));
        QString error;
        const auto foldOf = readFoldFile(path, 4, &error);
        if (foldOf)
            QVERIFY(!foldFileSplit(*m_labels, *foldOf, 0, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        if (message.startsWith(QLatin1String("line")))
            QVERIFY2(error.startsWith(path), qPrintable(error));
    }

    void followsTheEffectiveLabels()
    {
        // Relabeled, the male middle-aged group holds exactly two persons, and a group of two
        // always sends one to validation. Read from the original labels, those two sit among
        // many and land on the same side in most splits.
        LabeledDataset labels = *m_labels;
        for (int p = 0; p < 120; ++p)
            labels.setGender(p, Gender::Female);
        const int a = 7, b = 61;
        for (int p : {a, b}) {
            labels.setGender(p, Gender::Male);
            labels.setAge(p, 45);
        }
        for (uint64_t seed = 1; seed <= 10; ++seed) {
            const PersonSplit split = splitPersons(labels, {}, 0.2, seed);
            const auto inValidation = [&](int p) {
                return std::count(split.validation.begin(), split.validation.end(), p) == 1;
            };
            QVERIFY2(inValidation(a) != inValidation(b), qPrintable(QString::number(seed)));
        }
    }
};

QTEST_GUILESS_MAIN(TestPersonSplit)
#include "tst_personsplit.moc"
