// Sweeps with folds: K, without training: the file's checks, each point's K runs and their
// configs, and the runner against a fake trainer: a point scored by its folds' mean (± std), a
// rung that ranks by that mean, a failed fold, a resume that retrains no finished fold, and a
// sweep begun without folds that is not mixed with one with them.

#include "sweepfixture.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace masklab;
using namespace masklab::test;

namespace {

// Two points of two folds; 3 epochs, one rung at epoch 1 keeping the better half.
const char kTwoByTwo[] = "name: f\n"
                         "folds: 2\n"
                         "set:\n"
                         "  train.epochs: 3\n"
                         "parameters:\n"
                         "  optimizer.lr: [0.001, 0.002]\n"
                         "early_stop:\n"
                         "  rungs: [1]\n"
                         "  keep: 0.5\n";

SweepSpec parse(const QByteArray &yaml)
{
    QString error;
    const auto spec = parseSweepFile(yaml, "sweep.yaml", QString(), &error);
    if (!spec)
        qFatal("%s", qPrintable(error));
    return *spec;
}

std::vector<SweepPoint> expand(const SweepSpec &spec)
{
    QString error;
    const auto points = expandSweep(spec, &error);
    if (!points)
        qFatal("%s", qPrintable(error));
    return *points;
}

// Point 1 has the best single fold (0.3 an epoch) but the worse mean: (0.3 + 0.02) / 2 = 0.16
// at the rung against point 2's (0.25 + 0.17) / 2 = 0.21.
void rate(FakeTrainer &fake)
{
    fake.foldQuality = {{{1, 0}, 0.3}, {{1, 1}, 0.02}, {{2, 0}, 0.25}, {{2, 1}, 0.17}};
}

} // namespace

class TestSweepFolds : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private slots:
    void badFoldsAreRefusedWithLineAndKey_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("one fold") << QByteArray("folds: 1\nparameters:\n  optimizer.lr: [0.1]\n")
                                  << "line 1: folds: 1 is out of range [2, 10]";
        QTest::newRow("not a number")
            << QByteArray("parameters:\n  optimizer.lr: [0.1]\nfolds: many\n")
            << "line 3: folds: \"many\" is not a whole number";
        QTest::newRow("the fold swept too")
            << QByteArray("folds: 3\nparameters:\n  split.fold: [0, 1]\n")
            << "line 3: split.fold: set by folds:";
        QTest::newRow("other folds in the base")
            << QByteArray("set:\n  split.folds: 5\nfolds: 3\nparameters:\n  optimizer.lr: [0.1]\n")
            << "line 3: folds: 3, but the base config has split.folds: 5";
        QTest::newRow("too many runs")
            << QByteArray("folds: 3\nparameters:\n  train.seed: {low: 1, high: 100, count: 100}\n")
            << "line 1: folds: 100 points of 3 folds are 300 runs, more than 256";
    }
    void badFoldsAreRefusedWithLineAndKey()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!parseSweepFile(yaml, "sweep.yaml", QString(), &error));
        QVERIFY2(error.startsWith("sweep.yaml: ") && error.contains(expected), qPrintable(error));
    }

    void eachPointIsARunPerFold()
    {
        const SweepSpec spec = parse(kTwoByTwo);
        const std::vector<SweepPoint> points = expand(spec);
        QCOMPARE(points.size(), size_t(2));
        QCOMPARE(points[1].runCount(), 2);
        QCOMPARE(points[1].runName("f", 0), QString("f-002-fold1"));
        QCOMPARE(points[1].runName("f", 1), QString("f-002-fold2"));
        for (int fold : {0, 1}) {
            QCOMPARE(points[1].foldConfig(fold).split.folds, 2);
            QCOMPARE(points[1].foldConfig(fold).split.fold, fold);
        }
        // Both points to the rung, the better one on to epoch 3: (2 * 1 + 1 * 2) epochs, twice.
        QCOMPARE(sweepEpochs(spec, points), 2 * (2 * 1 + 1 * 2));
        SweepSpec withoutFolds = parse(QByteArray(kTwoByTwo).replace("folds: 2\n", ""));
        QCOMPARE(expand(withoutFolds)[1].runName("f", 1), QString("f-002"));
    }

    void aRungRanksPointsByTheirFoldsMean()
    {
        const SweepSpec spec = parse(kTwoByTwo);
        FakeTrainer fake;
        rate(fake);
        const QString ws = m_tmp.filePath("mean");
        SweepRunner runner(spec, expand(spec), ws, fake);
        QString error;
        QVERIFY2(runner.run(nullptr, &error), qPrintable(error));
        using S = SweepPointState::State;
        const SweepPointState &first = runner.states()[0], &second = runner.states()[1];
        QCOMPARE(first.state, S::StoppedBySweep); // its best fold is the best, its mean is not
        QCOMPARE(second.state, S::Finished);
        QCOMPARE(second.epochsDone, 3);
        QCOMPARE(second.foldF1.size(), size_t(2));
        QVERIFY(std::abs(second.foldF1[0] - 0.75) < 1e-9 &&
                std::abs(second.foldF1[1] - 0.51) < 1e-9);
        QVERIFY(std::abs(second.bestF1 - 0.63) < 1e-9);
        QVERIFY(std::abs(second.f1Std - 0.24 / std::sqrt(2.0)) < 1e-9);
        QCOMPARE(runner.bestPoint(), 2);
        QCOMPARE(fake.calls.size(), size_t(2 * 2 + 2));
        QCOMPARE(fake.folds, (std::vector<int>{0, 1, 0, 1, 0, 1}));
        QCOMPARE(readRunConfig(ws + "/runs/f-002-fold2")->split.fold, 1);
        // state.json carries the folds to the runs table and the queue.
        const auto saved = readSweepState(ws + "/sweeps/f", &error);
        QVERIFY2(saved, qPrintable(error));
        QCOMPARE((*saved)[1].runFolders(), QStringList({"f-002-fold1", "f-002-fold2"}));
        QCOMPARE((*saved)[1].foldF1, second.foldF1);
        QVERIFY(std::abs((*saved)[1].f1Std - second.f1Std) < 1e-12);
        QCOMPARE(sweepPointStatus((*saved)[1]),
                 QString("finished; point 0.630 \u00b1 0.170 over 2 folds"));
        QCOMPARE(sweepPointF1((*saved)[0]), QString("0.1600 \u00b1 0.1980 (2 folds)"));
    }

    void aFailedFoldFailsItsPoint()
    {
        const SweepSpec spec = parse(kTwoByTwo);
        FakeTrainer fake;
        rate(fake);
        fake.failing = {{2, 1}}; // both folds of point 2 fail before the rung
        SweepRunner runner(spec, expand(spec), m_tmp.filePath("failed"), fake);
        QString error;
        QVERIFY2(runner.run(nullptr, &error), qPrintable(error));
        QCOMPARE(runner.states()[1].state, SweepPointState::State::Failed);
        QCOMPARE(runner.states()[1].message, QString("fold 1: injected"));
        QCOMPARE(runner.states()[0].state, SweepPointState::State::Finished); // ranked alone
        // Point 2's second fold was not trained after its first failed: 3 calls to the rung,
        // then point 1's two folds to the end.
        QCOMPARE(fake.calls.size(), size_t(5));
    }

    // A fold that its own early stopping ended before the rung has reached it: its point is
    // ranked there (by its fold's best and the other's), not left going for ever.
    void aFoldThatEndedEarlyReachesTheRung()
    {
        const SweepSpec spec = parse(QByteArray(kTwoByTwo)
                                         .replace("train.epochs: 3", "train.epochs: 4")
                                         .replace("rungs: [1]", "rungs: [2]"));
        FakeTrainer fake;
        rate(fake);
        fake.endsEarly = {{{2, 1}, 1}};
        SweepRunner runner(spec, expand(spec), m_tmp.filePath("early"), fake);
        QString error;
        QVERIFY2(runner.run(nullptr, &error), qPrintable(error));
        // At epoch 2: point 1 (0.6 + 0.04) / 2 = 0.32, point 2 (0.5 + 0.17) / 2 = 0.335.
        QCOMPARE(runner.states()[0].state, SweepPointState::State::StoppedBySweep);
        QCOMPARE(runner.states()[1].state, SweepPointState::State::Finished);
        QCOMPARE(runner.states()[1].epochsDone, 4);
    }

    void aResumedSweepRetrainsNoFinishedFold()
    {
        const SweepSpec spec = parse(kTwoByTwo);
        const QString ws = m_tmp.filePath("resume");
        FakeTrainer first;
        rate(first);
        first.stopOnCall = 6; // point 2's second fold, on its way to epoch 3
        SweepRunner killed(spec, expand(spec), ws, first);
        QString error;
        QVERIFY(!killed.run(nullptr, &error));
        QVERIFY(error.isEmpty());
        FakeTrainer second;
        rate(second);
        SweepRunner resumed(spec, expand(spec), ws, second);
        QVERIFY2(resumed.run(nullptr, &error), qPrintable(error));
        QCOMPARE(second.calls, (std::vector<std::pair<int, int>>{{2, 3}}));
        QCOMPARE(second.folds, std::vector<int>{1});
        QVERIFY(std::abs(resumed.states()[1].bestF1 - 0.63) < 1e-9);
        // The same sweep without folds is another sweep: refused, nothing trains.
        FakeTrainer third;
        const SweepSpec plain = parse(QByteArray(kTwoByTwo).replace("folds: 2\n", ""));
        SweepRunner other(plain, expand(plain), ws, third);
        QVERIFY(!other.run(nullptr, &error));
        QVERIFY2(error.contains("was begun with other points"), qPrintable(error));
        QVERIFY(third.calls.empty());
    }
};

QTEST_GUILESS_MAIN(TestSweepFolds)
#include "tst_sweepfolds.moc"
