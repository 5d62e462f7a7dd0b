// Sweeps without training: the sweep file's checks (line and key), grid and random expansion,
// the successive-halving decision on hand-made standings, and the runner against a fake trainer
// that writes run files: rungs, a failed run, a resume after a kill, a damaged state file.

#include "successivehalving.h"
#include "sweepfixture.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace masklab;
using namespace masklab::test;

namespace {

const char kEightPoints[] = "name: s\n"
                            "set:\n"
                            "  train.epochs: 9\n"
                            "parameters:\n"
                            "  optimizer.lr: {low: 0.001, high: 0.008, count: 4, log: true}\n"
                            "  model.width: [8, 16]\n"
                            "early_stop:\n"
                            "  rungs: [1, 3]\n"
                            "  keep: 0.33\n";

} // namespace

class TestSweep : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    static SweepSpec parse(const QByteArray &yaml)
    {
        QString error;
        const auto spec = parseSweepFile(yaml, "sweep.yaml", QString(), &error);
        if (!spec)
            qFatal("%s", qPrintable(error));
        return *spec;
    }
    static std::vector<SweepPoint> expand(const SweepSpec &spec)
    {
        QString error;
        const auto points = expandSweep(spec, &error);
        if (!points)
            qFatal("%s", qPrintable(error));
        return *points;
    }
    // The fake's F1 per epoch for each point: better with a higher index, point 3 best.
    static void rate(FakeTrainer &fake, int points)
    {
        for (int p = 1; p <= points; ++p)
            fake.quality[p] = p == 3 ? 0.1 : 0.01 * p;
    }

private slots:
    void badFilesAreRefusedWithLineAndKey_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown top key")
            << QByteArray("parameters:\n  optimizer.lr: [0.1]\nmethods: grid\n")
            << "line 3: unknown key \"methods\"";
        QTest::newRow("unknown config key") << QByteArray("parameters:\n  optimizer.lrr: [0.1]\n")
                                            << "line 2: parameters: unknown key optimizer.lrr";
        QTest::newRow("value of the wrong type")
            << QByteArray("parameters:\n  train.batch_size: [16, big]\n")
            << "line 2: train.batch_size: \"big\" is not a whole number";
        QTest::newRow("range end out of the key's range")
            << QByteArray("parameters:\n  optimizer.lr:\n    low: 0.001\n    high: 20\n"
                          "    count: 3\n")
            << "line 4: optimizer.lr: 20 is out of range (0, 10]";
        QTest::newRow("range of a choice key")
            << QByteArray("parameters:\n  optimizer.kind: {low: 1, high: 2, count: 2}\n")
            << "line 2: optimizer.kind: a range needs a number key";
        QTest::newRow("grid too large")
            << QByteArray("parameters:\n  optimizer.lr: {low: 0.001, high: 0.1, count: 20}\n"
                          "  train.seed: {low: 1, high: 100, count: 20}\n")
            << "line 2: parameters: the grid has 400 points, more than 256";
        QTest::newRow("a draw in a grid")
            << QByteArray("parameters:\n  optimizer.lr: {low: 0.001, high: 0.1}\n")
            << "optimizer.lr: a grid needs count: N here";
        QTest::newRow("rungs not increasing")
            << QByteArray("parameters:\n  optimizer.lr: [0.1]\nearly_stop:\n  rungs: [5, 3]\n")
            << "line 4: early_stop: rungs must increase";
        QTest::newRow("rung at the last epoch")
            << QByteArray("set:\n  train.epochs: 5\nparameters:\n  optimizer.lr: [0.1]\n"
                          "early_stop:\n  rungs: [5]\n")
            << "line 6: early_stop: rung 5 is not before the last epoch (train.epochs is 5)";
        QTest::newRow("unknown preset")
            << QByteArray("preset: Fast\nparameters:\n  optimizer.lr: [0.1]\n")
            << "line 1: preset: no preset \"Fast\"";
        QTest::newRow("not YAML") << QByteArray("parameters: [a\n") << "sweep.yaml: line";
        QTest::newRow("log not a flag")
            << QByteArray(
                   "parameters:\n  optimizer.lr: {low: 0.001, high: 0.1, count: 3, log: maybe}\n")
            << "line 2: optimizer.lr: log: \"maybe\" is not true or false";
        QTest::newRow("a key twice")
            << QByteArray("parameters:\n  optimizer.lr: [0.1]\n  optimizer.lr: [0.2]\n")
            << "line 3: optimizer.lr: varied twice (also on line 2)";
        QTest::newRow("seed for a grid")
            << QByteArray("seed: 3\nparameters:\n  optimizer.lr: [0.1]\n")
            << "line 1: seed: only for method: random";
    }
    void badFilesAreRefusedWithLineAndKey()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!parseSweepFile(yaml, "sweep.yaml", QString(), &error));
        QVERIFY2(error.startsWith("sweep.yaml: ") && error.contains(expected), qPrintable(error));
    }

    void aPointThatBreaksARuleBetweenKeysIsNamed()
    {
        const SweepSpec spec = parse("set:\n  train.epochs: 8\nparameters:\n"
                                     "  train.epochs: [4, 8]\nearly_stop:\n  rungs: [4]\n");
        QString error;
        QVERIFY(!expandSweep(spec, &error));
        QVERIFY2(error.contains("point 1 (train.epochs=4): train.epochs: 4 is not after the last "
                                "rung (4)"),
                 qPrintable(error));
    }

    void gridExpandsInOrderWithLogRanges()
    {
        const SweepSpec spec = parse(kEightPoints);
        QCOMPARE(rangeValues(spec.parameters[0]),
                 QStringList({"0.001", "0.002", "0.004", "0.008"}));
        const std::vector<SweepPoint> points = expand(spec);
        QCOMPARE(points.size(), size_t(8));
        QCOMPARE(points[0].describe(), "optimizer.lr=0.001, model.width=8");
        QCOMPARE(points[1].describe(), "optimizer.lr=0.001, model.width=16");
        QCOMPARE(points[7].describe(), "optimizer.lr=0.008, model.width=16");
        QCOMPARE(points[7].config.optimizer.lr, 0.008);
        QCOMPARE(points[7].config.model.width, 16);
        QCOMPARE(points[7].config.train.epochs, 9); // from set:
        QCOMPARE(points[2].runName("s"), "s-003");
        // Whole-number keys are rounded and repeats dropped.
        SweepParameter widths;
        widths.kind = SweepParameter::Kind::Range;
        widths.low = 8;
        widths.high = 10;
        widths.count = 5;
        widths.integer = true;
        QCOMPARE(rangeValues(widths), QStringList({"8", "9", "10"}));
    }

    void randomDrawsRepeatWithTheSeed()
    {
        const QByteArray yaml = "method: random\nruns: 40\nseed: 7\nparameters:\n"
                                "  optimizer.lr: {low: 0.0001, high: 0.1, log: true}\n"
                                "  model.architecture: [small_cnn, resnet18]\n";
        const std::vector<SweepPoint> a = expand(parse(yaml)), b = expand(parse(yaml));
        QCOMPARE(a.size(), size_t(40));
        int below = 0, resnets = 0;
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].describe(), b[i].describe());
            const double lr = a[i].config.optimizer.lr;
            QVERIFY(lr >= 0.0001 && lr <= 0.1);
            below += lr < 0.00316; // the log middle: about half the draws below it
            resnets += a[i].config.model.architecture == ModelConfig::Architecture::ResNet18;
        }
        QVERIFY2(below >= 12 && below <= 28, qPrintable(QString::number(below)));
        QVERIFY(resnets >= 10 && resnets <= 30);
        const std::vector<SweepPoint> other =
            expand(parse(QByteArray(yaml).replace("seed: 7", "seed: 8")));
        QVERIFY(other[0].describe() != a[0].describe());
    }

    void successiveHalvingKeepsTheBestShare_data()
    {
        QTest::addColumn<QList<double>>("f1"); // of points 1, 2, ...
        QTest::addColumn<double>("keep");
        QTest::addColumn<QList<int>>("kept");
        QTest::newRow("best third of eight")
            << QList<double>{0.1, 0.5, 0.3, 0.8, 0.2, 0.6, 0.4, 0.7} << 1.0 / 3
            << QList<int>{4, 6, 8};
        QTest::newRow("a third of three is one")
            << QList<double>{0.2, 0.9, 0.5} << 1.0 / 3 << QList<int>{2};
        QTest::newRow("ties go to the lower point")
            << QList<double>{0.5, 0.5, 0.5, 0.1} << 0.5 << QList<int>{1, 2};
        QTest::newRow("at least one") << QList<double>{0.3, 0.4} << 0.1 << QList<int>{2};
    }
    void successiveHalvingKeepsTheBestShare()
    {
        QFETCH(QList<double>, f1);
        QFETCH(double, keep);
        QFETCH(QList<int>, kept);
        std::vector<RungStanding> standings;
        for (int i = 0; i < f1.size(); ++i)
            standings.push_back({i + 1, f1[i]});
        const std::vector<int> result = pointsKeptAtRung(standings, keep);
        QCOMPARE(QList<int>(result.begin(), result.end()), kept);
    }

    void runnerStopsTheWeakerRunsAtEachRung()
    {
        const SweepSpec spec = parse(kEightPoints);
        const std::vector<SweepPoint> points = expand(spec);
        QCOMPARE(sweepEpochs(spec, points), 8 * 1 + 3 * 2 + 1 * 6);
        FakeTrainer fake;
        rate(fake, 8);
        fake.failing = {{8, 1}};
        const QString ws = m_tmp.filePath("rungs");
        SweepRunner runner(spec, points, ws, fake);
        runner.setParallel(2);
        QString error;
        QVERIFY2(runner.run(nullptr, &error), qPrintable(error));
        // Rung 1: 7 of 8 ran (8 failed); the best third (3 of 7: points 3, 7, 6) goes on.
        // Rung 3: the best third of those (point 3) trains to the end.
        using S = SweepPointState::State;
        const auto &states = runner.states();
        QCOMPARE(states[7].state, S::Failed);
        QCOMPARE(states[7].message, "injected");
        QCOMPARE(states[2].state, S::Finished);
        QCOMPARE(states[2].epochsDone, 9);
        for (int p : {6, 7}) {
            QCOMPARE(states[size_t(p - 1)].state, S::StoppedBySweep);
            QCOMPARE(states[size_t(p - 1)].stoppedAtRung, 3);
            QCOMPARE(states[size_t(p - 1)].epochsDone, 3);
        }
        for (int p : {1, 2, 4, 5}) {
            QCOMPARE(states[size_t(p - 1)].stoppedAtRung, 1);
            QCOMPARE(states[size_t(p - 1)].epochsDone, 1);
        }
        QCOMPARE(runner.bestPoint(), 3);
        QCOMPARE(fake.calls.size(), size_t(8 + 3 + 1));
        // state.json says the same to other readers.
        const auto saved = readSweepState(ws + "/sweeps/s", &error);
        QVERIFY2(saved, qPrintable(error));
        QCOMPARE((*saved)[5].state, S::StoppedBySweep);
        QCOMPARE((*saved)[2].run, "s-003");
    }

    void aResumedSweepRetrainsNothingFinished()
    {
        const SweepSpec spec = parse(kEightPoints);
        const std::vector<SweepPoint> points = expand(spec);
        const QString ws = m_tmp.filePath("resume");
        FakeTrainer first;
        rate(first, 8);
        first.stopOnCall = 10; // stopped in rung 3's stretch: its second run (of points 3, 7, 8)
        SweepRunner killed(spec, points, ws, first);
        QString error;
        QVERIFY(!killed.run(nullptr, &error));
        QVERIFY(error.isEmpty());
        FakeTrainer second;
        rate(second, 8);
        SweepRunner resumed(spec, points, ws, second);
        QVERIFY2(resumed.run(nullptr, &error), qPrintable(error));
        // Rung 1's 8 stretches and point 3's stretch to rung 3 are not trained again; the
        // cancelled one (7) and the one not started after it (8) are, then the best to the end.
        QCOMPARE(second.calls, (std::vector<std::pair<int, int>>{{7, 3}, {8, 3}, {3, 9}}));
        QCOMPARE(resumed.bestPoint(), 3);
        QCOMPARE(resumed.states()[2].epochsDone, 9);
        // A damaged state file is set aside and the run folders decide the same again.
        QVERIFY(writeFile(ws + "/sweeps/s/state.json", "{not json"));
        FakeTrainer third;
        rate(third, 8);
        QStringList said;
        SweepRunner again(spec, points, ws, third);
        again.setLog([&](const QString &line) { said << line; });
        QVERIFY2(again.run(nullptr, &error), qPrintable(error));
        QCOMPARE(third.calls.size(), size_t(0));
        QVERIFY2(said.join('\n').contains("set aside as " + ws + "/sweeps/s/state.json.damaged-"),
                 qPrintable(said.join('\n')));
        QCOMPARE(again.states()[0].state, SweepPointState::State::StoppedBySweep);
        QCOMPARE(QDir(ws + "/sweeps/s").entryList({"state.json.damaged-*"}).size(), 1);
    }

    void ctrlCStopsTheSweepAfterTheCurrentRuns()
    {
        const SweepSpec spec = parse(kEightPoints);
        FakeTrainer fake;
        rate(fake, 8);
        fake.raiseOnCall = 3;
        SweepRunner runner(spec, expand(spec), m_tmp.filePath("ctrl-c"), fake);
        QString error;
        QVERIFY(!runner.run(&fake.flag, &error));
        QVERIFY(error.isEmpty());
        QCOMPARE(fake.calls.size(), size_t(3)); // nothing started after the flag
    }

    void aFailureAfterARungDecidesTheSameOnResume()
    {
        const SweepSpec spec = parse(kEightPoints);
        const std::vector<SweepPoint> points = expand(spec);
        const QString ws = m_tmp.filePath("late-failure");
        FakeTrainer first;
        rate(first, 8);
        first.failing = {{7, 3}}; // kept at rung 1 (with 3 and 8), fails on its way to rung 3
        first.stopOnCall = 11;    // then the sweep is stopped, in point 8's stretch
        SweepRunner killed(spec, points, ws, first);
        QString error;
        QVERIFY(!killed.run(nullptr, &error));
        QCOMPARE(killed.states()[6].state, SweepPointState::State::Failed);
        FakeTrainer second;
        rate(second, 8);
        SweepRunner resumed(spec, points, ws, second);
        QVERIFY2(resumed.run(nullptr, &error), qPrintable(error));
        // Rung 1 still keeps 3, 7 and 8 (7 is not replaced by the next best); 7 stays failed;
        // 8 goes on to rung 3, then the best of those to the end.
        QCOMPARE(resumed.states()[6].state, SweepPointState::State::Failed);
        QCOMPARE(resumed.states()[1].state, SweepPointState::State::StoppedBySweep);
        QCOMPARE(second.calls, (std::vector<std::pair<int, int>>{{8, 3}, {3, 9}}));
    }

    void aChangedSweepFileIsRefused()
    {
        const QString ws = m_tmp.filePath("changed");
        FakeTrainer fake;
        rate(fake, 8);
        SweepRunner first(parse(kEightPoints), expand(parse(kEightPoints)), ws, fake);
        QString error;
        QVERIFY(first.run(nullptr, &error));
        // The same points, but set: changed: the runs were trained with another config.
        const SweepSpec other =
            parse(QByteArray(kEightPoints)
                      .replace("train.epochs: 9", "train.epochs: 9\n  train.seed: 5"));
        SweepRunner second(other, expand(other), ws, fake);
        QVERIFY(!second.run(nullptr, &error));
        QVERIFY2(error.contains("/runs/s-001 was trained with train.seed = 1, but point 1 of this "
                                "sweep has 5"),
                 qPrintable(error));
    }

    void aSweepOfTheSameNameWithOtherPointsIsRefused()
    {
        const QString ws = m_tmp.filePath("renamed");
        FakeTrainer fake;
        rate(fake, 8);
        SweepRunner first(parse(kEightPoints), expand(parse(kEightPoints)), ws, fake);
        QString error;
        QVERIFY(first.run(nullptr, &error));
        const SweepSpec other = parse(QByteArray(kEightPoints).replace("[8, 16]", "[8, 24]"));
        SweepRunner second(other, expand(other), ws, fake);
        QVERIFY(!second.run(nullptr, &error));
        QVERIFY2(error.contains("the sweep \"s\" in " + ws +
                                "/sweeps/s was begun with other "
                                "points"),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
