// fp16's loss scale: the scaler's arithmetic (unscale, skip, back off, grow) and, through the
// test hook that scales an fp32 run on the CPU as fp16 would (failure.h), a run that skips its
// overflowed steps, keeps the scale in last.pt and resumes as if it had not stopped; and a run
// resumed in another precision than its own.

#include "lossscaler.h"
#include "runfiles.h"
#include "runrecord.h"
#include "testsupport.h"
#include "trainer.h"
#include "trainingsetup.h"

#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

class TestLossScaler : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;
    std::atomic<bool> m_stop{false};

    TrainConfig config() const
    {
        TrainConfig c = tinyTrainConfig(m_root, 2);
        c.train.precision = TrainingConfig::Precision::Fp32;
        return c;
    }

    // Runs with the loss scaled, the gradients of `overflows` ("E:B,...") made infinite.
    TrainResult scaledRun(const QString &overflows, const std::function<TrainResult()> &run)
    {
        qputenv("MASKLAB_TEST_LOSS_SCALING", overflows.toUtf8());
        const TrainResult result = run();
        qunsetenv("MASKLAB_TEST_LOSS_SCALING");
        return result;
    }

    static LossScaleState lastScale(const QString &run)
    {
        const TrainConfig c = [&] {
            TrainConfig read;
            QString error;
            RunFiles(run).readConfig(&read, &error);
            return read;
        }();
        Classifier model = makeClassifier(c);
        auto optimizer = makeOptimizer(c.optimizer, model->parameters());
        TrainingPosition position;
        QString error;
        if (!RunFiles(run).loadCheckpoint("last.pt", model, *optimizer, &position, &error) ||
            !position.lossScale)
            return LossScaleState{-1, -1, -1};
        return *position.lossScale;
    }

    static QStringList infoLines(const std::vector<TrainEvent> &events)
    {
        QStringList lines;
        for (const TrainEvent &e : events)
            if (e.kind == TrainEvent::Kind::Info)
                lines << e.message;
        return lines;
    }

private slots:
    void initTestCase()
    {
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 16, 1, 0, false, 96, 128));
    }

    void unscaleDividesAndFindsOverflow()
    {
        LossScaler scaler(true);
        QCOMPARE(scaler.state().scale, 65536.0);
        torch::Tensor w = torch::ones({3}, torch::requires_grad());
        scaler.scaled((w * 2).sum()).backward();
        QCOMPARE(w.grad()[0].item<double>(), 2.0 * 65536);
        QVERIFY(scaler.unscale({w}));
        QCOMPARE(w.grad()[1].item<double>(), 2.0);
        for (const double bad : {double(INFINITY), double(NAN)}) {
            w.grad()[2].fill_(bad);
            QVERIFY(!scaler.unscale({w}));
        }
        // Off (fp32, bf16): the loss and the gradients pass unchanged.
        LossScaler off;
        QCOMPARE(off.scaled(torch::tensor(3.0)).item<double>(), 3.0);
        w.grad().fill_(INFINITY);
        QVERIFY(off.unscale({w}));
    }

    void theScaleBacksOffAndGrows()
    {
        LossScaler scaler(true);
        scaler.update(false);
        scaler.update(false);
        QCOMPARE(scaler.state().scale, 16384.0);
        QCOMPARE(scaler.state().skippedSteps, int64_t(2));
        QCOMPARE(scaler.skippedInARow(), int64_t(2));
        for (int64_t i = 0; i < LossScaler::kGrowthInterval - 1; ++i)
            scaler.update(true);
        QCOMPARE(scaler.state().scale, 16384.0); // one clean step short
        QCOMPARE(scaler.skippedInARow(), int64_t(0));
        scaler.update(true);
        QCOMPARE(scaler.state().scale, 32768.0);
        QCOMPARE(scaler.state().cleanSteps, int64_t(0));
    }

    // A power-of-two scale is exact in fp32: without an overflow the scaled run is the plain run.
    void aScaledRunWithoutOverflowEqualsThePlainOne()
    {
        const QString plain = m_tmp.filePath("plain");
        QVERIFY(train(config(), plain, {}).ok);
        const QString scaled = m_tmp.filePath("scaled");
        const TrainResult result = scaledRun("none", [&] { return train(config(), scaled, {}); });
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(readFile(scaled + "/validation_predictions.csv"),
                 readFile(plain + "/validation_predictions.csv"));
        QCOMPARE(lastScale(scaled).scale, 65536.0);
        QCOMPARE(lastScale(plain).scale, -1.0); // nothing of a scale in an fp32 run's last.pt
    }

    void anOverflowedStepIsSkippedNotAFailure()
    {
        const QString run = m_tmp.filePath("overflow");
        std::vector<TrainEvent> events;
        const TrainResult result = scaledRun("1:2", [&] {
            return train(config(), run, [&](const TrainEvent &e) { events.push_back(e); });
        });
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.epochsDone, 2);
        const QStringList info = infoLines(events);
        QVERIFY2(info.contains("fp16 loss scale 32768; 1 step skipped for overflow this epoch "
                               "(1 in all)"),
                 qPrintable(info.join('\n')));
        QVERIFY(info.contains("fp16 loss scale 32768; 0 steps skipped for overflow this epoch "
                              "(1 in all)"));
        const LossScaleState state = lastScale(run);
        QCOMPARE(state.scale, 32768.0);
        QCOMPARE(state.skippedSteps, int64_t(1));
        QVERIFY(state.cleanSteps > 0);
        // The skipped step's update is missing, so the run differs from the plain one.
        QVERIFY(readFile(run + "/validation_predictions.csv") !=
                readFile(m_tmp.filePath("plain") + "/validation_predictions.csv"));
    }

    // A loss that stays non-finite is a diverged run, also when fp16's skips would hide it.
    void aDivergedRunStillFails()
    {
        TrainConfig c = config();
        c.optimizer.lr = 1e30;
        c.train.epochs = 12;
        const TrainResult plain = train(c, m_tmp.filePath("diverged-plain"), {});
        QVERIFY(!plain.ok);
        QVERIFY2(plain.error.contains("the loss became") && !plain.error.contains("fp16"),
                 qPrintable(plain.error));
        const TrainResult scaled =
            scaledRun("none", [&] { return train(c, m_tmp.filePath("diverged-scaled"), {}); });
        QVERIFY(!scaled.ok);
        QVERIFY2(scaled.error.contains("and stayed so for 50 fp16 steps"),
                 qPrintable(scaled.error));
    }

    void aStoppedScaledRunResumesAsIfUninterrupted()
    {
        const QString whole = m_tmp.filePath("whole");
        QVERIFY(scaledRun("1:2,2:3", [&] { return train(config(), whole, {}); }).ok);
        const QString run = m_tmp.filePath("stopped");
        const TrainResult first = scaledRun("1:2,2:3", [&] {
            m_stop = false;
            return train(
                config(), run,
                [&](const TrainEvent &e) {
                    if (e.kind == TrainEvent::Kind::BatchDone && e.epoch == 2 && e.batch == 1)
                        m_stop = true;
                },
                &m_stop);
        });
        QVERIFY(first.cancelled);
        QCOMPARE(lastScale(run).skippedSteps, int64_t(1)); // the stop point keeps the scale
        m_stop = false;
        const TrainResult resumed = scaledRun("1:2,2:3", [&] { return resume(run, {}); });
        QVERIFY2(resumed.ok, qPrintable(resumed.error));
        QCOMPARE(resumed.epochsDone, 2);
        const LossScaleState a = lastScale(whole), b = lastScale(run);
        QCOMPARE(b.scale, a.scale);
        QCOMPARE(b.scale, 16384.0);
        QCOMPARE(b.skippedSteps, int64_t(2));
        QCOMPARE(b.cleanSteps, a.cleanSteps);
        QCOMPARE(readFile(run + "/validation_predictions.csv"),
                 readFile(whole + "/validation_predictions.csv"));
    }

    void aRunResumesInAnotherPrecisionWhenAsked()
    {
        using P = TrainingConfig::Precision;
        for (const auto &[from, to, name] :
             {std::tuple{P::Bf16, P::Fp32, QString("fp32")}, {P::Fp32, P::Bf16, "bf16"}}) {
            TrainConfig c = config();
            c.train.precision = from;
            const QString run = m_tmp.filePath("switch-" + name);
            m_stop = false;
            const TrainResult first = train(
                c, run,
                [&](const TrainEvent &e) {
                    if (e.kind == TrainEvent::Kind::EpochDone)
                        m_stop = true;
                },
                &m_stop);
            QVERIFY(first.cancelled && first.epochsDone == 1);
            std::vector<TrainEvent> events;
            m_stop = false;
            const TrainResult resumed = resume(
                run, [&](const TrainEvent &e) { events.push_back(e); }, nullptr, {}, to);
            QVERIFY2(resumed.ok, qPrintable(resumed.error));
            QCOMPARE(resumed.epochsDone, 2);
            QVERIFY2(readRunStatus(run).device.split(", ").contains(name),
                     qPrintable(readRunStatus(run).device));
            const QString said = infoLines(events).join('\n');
            QVERIFY2(said.contains(QStringLiteral("in %1 now (config.yaml says %2)")
                                       .arg(name, name == "fp32" ? "bf16" : "fp32")),
                     qPrintable(said));
            for (const EpochMetrics &m : resumed.history)
                QVERIFY(std::isfinite(m.trainLoss));
        }
    }
};

QTEST_GUILESS_MAIN(TestLossScaler)
#include "tst_lossscaler.moc"
