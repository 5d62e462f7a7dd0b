// Confusion matrix, F1, macro F1 and accuracy against hand-computed cases.

#include "metrics.h"

#include <QTest>

using namespace masklab;

class TestMetrics : public QObject
{
    Q_OBJECT
private:
    // truth -> predicted: (0,0)x3 (0,1)x1 (1,1)x2 (1,0)x1 (2,2)x1 (2,1)x2
    static ConfusionMatrix handCase(int classes)
    {
        ConfusionMatrix m(classes);
        m.add(0, 0, 3);
        m.add(0, 1);
        m.add(1, 1, 2);
        m.add(1, 0);
        m.add(2, 2);
        m.add(2, 1, 2);
        return m;
    }

private slots:
    void handComputed()
    {
        const ConfusionMatrix m = handCase(3);
        QCOMPARE(m.total(), qint64(10));
        QCOMPARE(m.accuracy(), 0.6);
        QCOMPARE(m.f1(0), 0.75); // 2*3 / (2*3 + 1 + 1)
        QCOMPARE(m.f1(1), 0.5);  // 2*2 / (2*2 + 3 + 1)
        QCOMPARE(m.f1(2), 0.5);  // 2*1 / (2*1 + 0 + 2)
        QCOMPARE(m.precision(1), 0.4);
        QCOMPARE(m.recall(2), 1.0 / 3.0);
        QVERIFY(qFuzzyCompare(m.macroF1(), 1.75 / 3.0));
    }

    void absentClassesDoNotCount()
    {
        // The same data in a 4-class matrix: class 3 never appears, macro F1 is unchanged.
        const ConfusionMatrix m = handCase(4);
        QCOMPARE(m.f1(3), 0.0);
        QVERIFY(qFuzzyCompare(m.macroF1(), 1.75 / 3.0));
        // A class only predicted (never true) counts, with F1 0.
        ConfusionMatrix n = handCase(4);
        n.add(0, 3);
        QVERIFY(n.macroF1() < m.macroF1());
    }

    void edgeCases()
    {
        ConfusionMatrix empty(18);
        QCOMPARE(empty.macroF1(), 0.0);
        QCOMPARE(empty.accuracy(), 0.0);
        empty.add(-1, 3);
        empty.add(3, 18);
        QCOMPARE(empty.total(), qint64(0));
        ConfusionMatrix perfect(18);
        for (int c = 0; c < 18; ++c)
            perfect.add(c, c, c + 1);
        QCOMPARE(perfect.macroF1(), 1.0);
        QCOMPARE(perfect.accuracy(), 1.0);
    }

    void taskViews()
    {
        ConfusionMatrix m(18);
        m.add(4, 10); // mask_female_middle -> incorrect_female_middle
        m.add(0, 0);  // mask_male_young right
        m.add(17, 3); // normal_female_old -> mask_female_young
        const ConfusionMatrix mask = m.maskTask();
        QCOMPARE(mask.classes(), 3);
        QCOMPARE(mask.at(0, 1), qint64(1));
        QCOMPARE(mask.at(0, 0), qint64(1));
        QCOMPARE(mask.at(2, 0), qint64(1));
        const ConfusionMatrix gender = m.genderTask();
        QCOMPARE(gender.at(1, 1), qint64(2));
        QCOMPARE(gender.at(0, 0), qint64(1));
        const ConfusionMatrix age = m.ageTask();
        QCOMPARE(age.at(1, 1), qint64(1));
        QCOMPARE(age.at(2, 0), qint64(1));
        QCOMPARE(age.total(), qint64(3));
    }

    void csv()
    {
        ConfusionMatrix m(2);
        m.add(0, 1, 4);
        m.add(1, 1);
        QCOMPARE(m.toCsv(), QStringLiteral("truth\\predicted,0,1\n0,0,4\n1,0,1\n"));
        const auto back = ConfusionMatrix::fromCsv(m.toCsv());
        QVERIFY(back);
        QCOMPARE(back->toCsv(), m.toCsv());
        QCOMPARE(back->f1(1), m.f1(1));
        QVERIFY(!ConfusionMatrix::fromCsv("truth\\predicted,0,1\n0,0,4\n")); // a row missing
        QVERIFY(!ConfusionMatrix::fromCsv("truth\\predicted,0,1\n0,0,x\n1,0,1\n"));
        QVERIFY(!ConfusionMatrix::fromCsv(""));
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
