// The learning-rate schedules: per batch for runs from now on (warm-up and cosine in
// iterations, PyTorch's one-cycle), per epoch exactly as before for runs whose config.yaml
// predates scheduler.interval, and the editor's warning about a long warm-up.

#include "lrschedule.h"

#include <QTest>

#include <cmath>

using namespace masklab;

namespace {
TrainConfig schedule(SchedulerConfig::Kind kind, int epochs, int warmup = 1)
{
    TrainConfig c;
    c.optimizer.lr = 0.003;
    c.train.epochs = epochs;
    c.scheduler.kind = kind;
    c.scheduler.warmupEpochs = warmup;
    return c;
}
} // namespace

class TestLrSchedule : public QObject
{
    Q_OBJECT
private slots:
    void perBatch_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("epoch");
        QTest::addColumn<int>("batch"); // of 10
        QTest::addColumn<double>("lr");
        using K = SchedulerConfig::Kind;
        // 2 epochs, 1 of warm-up: 0.0003 .. 0.003 over epoch 1, then a cosine to 0 over epoch 2
        // (the run trained its whole second epoch at the peak).
        QTest::newRow("warm-up first batch") << int(K::Cosine) << 0 << 0 << 0.0003;
        QTest::newRow("warm-up half") << int(K::Cosine) << 0 << 4 << 0.0015;
        QTest::newRow("warm-up last batch at the peak") << int(K::Cosine) << 0 << 9 << 0.003;
        QTest::newRow("cosine starts at the peak") << int(K::Cosine) << 1 << 0 << 0.003;
        QTest::newRow("cosine half way") << int(K::Cosine) << 1 << 5 << 0.0015;
        QTest::newRow("cosine last batch near 0")
            << int(K::Cosine) << 1 << 9 << 0.003 * 0.5 * (1 + std::cos(M_PI * 0.9));
        // One-cycle over 2 epochs: from peak/25 up to the peak at 30 %, then down.
        QTest::newRow("one-cycle start") << int(K::OneCycle) << 0 << 0 << 0.003 / 25;
        QTest::newRow("one-cycle peak") << int(K::OneCycle) << 0 << 6 << 0.003;
        // Its last batch starts 95 % through: (0.95 - 0.3) / 0.7 of the way down the cosine.
        const double end = 0.003 / 25 / 1e4;
        QTest::newRow("one-cycle last batch")
            << int(K::OneCycle) << 1 << 9
            << end + 0.5 * (0.003 - end) * (1 + std::cos(M_PI * 0.65 / 0.7));
        QTest::newRow("step in epoch 1") << int(K::Step) << 1 << 7 << 0.003;
        QTest::newRow("none") << int(K::None) << 1 << 3 << 0.003;
    }

    void perBatch()
    {
        QFETCH(int, kind);
        QFETCH(int, epoch);
        QFETCH(int, batch);
        QFETCH(double, lr);
        const TrainConfig c = schedule(SchedulerConfig::Kind(kind), 2);
        QVERIFY2(std::abs(learningRate(c, epoch, batch, 10) - lr) < 1e-9,
                 qPrintable(QString::number(learningRate(c, epoch, batch, 10))));
    }

    // Step decay: gamma (0.1) every step_epochs (5) epochs, on the first batch of epoch 6.
    void stepDecaysEveryStepEpochs_data()
    {
        QTest::addColumn<int>("epoch");
        QTest::addColumn<int>("batch");
        QTest::addColumn<double>("lr");
        QTest::newRow("epoch 5, last batch") << 4 << 9 << 0.003;
        QTest::newRow("epoch 6, first batch") << 5 << 0 << 0.0003;
        QTest::newRow("epoch 10, last batch") << 9 << 9 << 0.0003;
        QTest::newRow("epoch 11, first batch") << 10 << 0 << 0.00003;
    }

    void stepDecaysEveryStepEpochs()
    {
        QFETCH(int, epoch);
        QFETCH(int, batch);
        QFETCH(double, lr);
        TrainConfig c = schedule(SchedulerConfig::Kind::Step, 12);
        c.scheduler.stepEpochs = 5;
        c.scheduler.gamma = 0.1;
        QVERIFY2(std::abs(learningRate(c, epoch, batch, 10) - lr) < 1e-12,
                 qPrintable(QString::number(learningRate(c, epoch, batch, 10))));
        c.scheduler.interval = SchedulerConfig::Interval::Epoch; // the same steps per epoch
        QVERIFY(std::abs(learningRate(c, epoch, batch, 10) - lr) < 1e-12);
    }

    // The rate moves within an epoch, and never above the peak.
    void cosineMovesEveryBatch()
    {
        const TrainConfig c = schedule(SchedulerConfig::Kind::Cosine, 10, 1);
        double previous = learningRate(c, 1, 0, 50);
        for (int b = 1; b < 50; ++b) {
            const double lr = learningRate(c, 1, b, 50);
            QVERIFY(lr < previous);
            QVERIFY(lr <= c.optimizer.lr);
            previous = lr;
        }
    }

    // A run from before per-batch schedules resumes with the rates it trained with.
    void perEpochAsBefore_data()
    {
        QTest::addColumn<int>("epoch");
        QTest::addColumn<double>("lr");
        QTest::newRow("warm-up") << 0 << 0.0015; // base * 1 / (warm-up + 1)
        QTest::newRow("after it") << 1 << 0.003;
    }

    void perEpochAsBefore()
    {
        QFETCH(int, epoch);
        QFETCH(double, lr);
        TrainConfig c = schedule(SchedulerConfig::Kind::Cosine, 2);
        c.scheduler.interval = SchedulerConfig::Interval::Epoch;
        for (int batch : {0, 5, 9})
            QCOMPARE(learningRate(c, epoch, batch, 10), lr);
    }

    void oldRunConfigsStepPerEpoch()
    {
        QString error;
        const QByteArray old = "scheduler:\n  kind: cosine\n  warmup_epochs: 1\n";
        const auto run = parseRunConfig(old, "runs/a/config.yaml", &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->scheduler.interval, SchedulerConfig::Interval::Epoch);
        const auto config = parseTrainConfig(old, "mine.yaml", &error);
        QCOMPARE(config->scheduler.interval, SchedulerConfig::Interval::Batch); // a new run's
        const auto saved = parseRunConfig(trainConfigToYaml(*config), "runs/b/config.yaml", &error);
        QCOMPARE(saved->scheduler.interval, SchedulerConfig::Interval::Batch); // written now
        QVERIFY(!parseRunConfig("scheduler:\n  interval: hourly\n", "x.yaml", &error));
        QVERIFY2(error.contains("scheduler.interval"), qPrintable(error));
    }

    void longWarmUpIsWorthAWarning_data()
    {
        QTest::addColumn<int>("epochs");
        QTest::addColumn<int>("warmup");
        QTest::addColumn<bool>("warned");
        QTest::newRow("default 1 of 50") << 50 << 1 << false;
        QTest::newRow("a quarter") << 8 << 2 << false;
        QTest::newRow("1 of 2") << 2 << 1 << true;
        QTest::newRow("5 of 12") << 12 << 5 << true;
    }

    void longWarmUpIsWorthAWarning()
    {
        QFETCH(int, epochs);
        QFETCH(int, warmup);
        QFETCH(bool, warned);
        const QString warning =
            scheduleWarning(schedule(SchedulerConfig::Kind::Cosine, epochs, warmup));
        QCOMPARE(!warning.isEmpty(), warned);
        if (warned)
            QVERIFY(warning.startsWith("scheduler.warmup_epochs: "));
        QVERIFY(scheduleWarning(schedule(SchedulerConfig::Kind::Step, epochs, warmup)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLrSchedule)
#include "tst_lrschedule.moc"
