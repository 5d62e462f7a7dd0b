// A short CPU training on a tiny generated dataset: the loss falls, the run folder is complete,
// cancel stops within one batch, and a resumed run (stopped mid-epoch or at an epoch's end)
// matches the uninterrupted one.

#include "csvtable.h"
#include "imagestatistics.h"
#include "lrschedule.h"
#include "testsupport.h"
#include "torchapi.h"
#include "trainer.h"
#include "trainingrun.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

class TestTrainer : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    TrainConfig m_config;
    double m_plainFirstLoss = 0; // epoch 1's training loss of m_config as it is
    std::atomic<bool> m_stop{false};

    // A sink that presses Stop after batch `batch` of epoch `epoch` (1-based).
    TrainSink stopAt(int epoch, int batch)
    {
        m_stop = false;
        return [this, epoch, batch](const TrainEvent &e) {
            if (e.kind == TrainEvent::Kind::BatchDone && e.epoch == epoch && e.batch == batch)
                m_stop = true;
        };
    }

private slots:
    void initTestCase()
    {
        const QString root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(root, 24, 2, 0, false, 96, 128));
        m_config.data.dataset = root;
        m_config.data.inputWidth = 36;
        m_config.data.inputHeight = 48;
        m_config.model.architecture = ModelConfig::Architecture::SmallCnn;
        m_config.train.epochs = 3;
        m_config.train.batchSize = 16;
        m_config.train.threads = 1; // bit-for-bit repeatable on the CPU
        m_config.train.workers = 2;
        m_config.optimizer.lr = 0.003;
        m_config.data.crop.reset(); // the test photos are 96x128
        m_config.train.sampler = TrainingConfig::Sampler::Uniform;
        m_config.augment.mixup = 0; // on in one test only: resumeEqualsUninterrupted
    }

    void trainsAndWritesTheRun()
    {
        const QString run = m_tmp.filePath("run-a");
        int batches = 0;
        QStringList kinds;
        const TrainResult result = train(m_config, run, [&](const TrainEvent &e) {
            batches += e.kind == TrainEvent::Kind::BatchDone ? 1 : 0;
            if (e.kind == TrainEvent::Kind::RunStarted)
                kinds << "started";
            if (e.kind == TrainEvent::Kind::Finished)
                kinds << "finished";
        });
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.epochsDone, 3);
        QCOMPARE(int(result.history.size()), 3);
        m_plainFirstLoss = result.history.front().trainLoss;
        QCOMPARE(kinds, QStringList({"started", "finished"}));
        QVERIFY(batches >= 3 * 8);
        QVERIFY2(result.history.back().trainLoss < result.history.front().trainLoss,
                 qPrintable(QStringLiteral("%1 -> %2")
                                .arg(result.history.front().trainLoss)
                                .arg(result.history.back().trainLoss)));
        for (const char *file : {"config.yaml", "metrics.csv", "metrics.jsonl", "last.pt",
                                 "best.pt", "confusion_matrix.csv", "validation_predictions.csv"})
            QVERIFY2(QFile::exists(run + "/" + file), file);
        QCOMPARE(readFile(run + "/metrics.csv").count('\n'), 4); // header + 3 epochs
        // batches.csv: one row per batch, for processes that follow the run.
        const std::vector<BatchRecord> rows = readRunBatches(run);
        QCOMPARE(int(rows.size()), batches);
        QCOMPARE(rows.back().epoch, 3);
        QCOMPARE(rows.back().batch, rows.back().batches);
        QVERIFY(rows.back().loss > 0 && rows.back().imagesPerSecond > 0);
        // The rate moves per batch: up through the warm-up epoch, then down.
        const int perEpoch = rows.front().batches;
        QVERIFY2(rows.front().lr > 0 && rows.front().lr < rows[size_t(perEpoch - 1)].lr,
                 qPrintable(QStringLiteral("%1 %2").arg(rows.front().lr).arg(rows[1].lr)));
        QVERIFY(rows.back().lr < rows[size_t(perEpoch)].lr);
        QString error;
        QVERIFY(parseTrainConfig(readFile(run + "/config.yaml"), "config.yaml", &error));
        QVERIFY(result.bestEpoch >= 1);
        const RunStatus status = readRunStatus(run);
        QCOMPARE(status.state, RunStatus::State::Finished);
        QVERIFY(status.started.isValid() && status.ended >= status.started);
        QVERIFY2(status.device.startsWith("CPU, 1 thread"), qPrintable(status.device));
        // The run's own time: set at the end, within its start and end.
        QVERIFY(status.hasSeconds && status.seconds > 0);
        QVERIFY(status.seconds <= status.started.msecsTo(status.ended) / 1000.0 + 0.1);
        QVERIFY(!status.sessionStarted.isValid());
        const RunSummary summary = summarizeRun(run);
        QCOMPARE(summary.model, QString("small_cnn multi"));
        QCOMPARE(summary.epochsDone, 3);
        QCOMPARE(summary.bestEpoch, result.bestEpoch);
        QCOMPARE(summary.bestMacroF1, result.bestMacroF1);
        // A second run into the same folder is refused: runs are never overwritten.
        const TrainResult again = train(m_config, run, [](const TrainEvent &) {});
        QVERIFY(!again.ok);
        QVERIFY(again.error.contains("already holds a run"));
        QCOMPARE(readRunStatus(run).state, RunStatus::State::Finished); // and its status kept
    }

    void cancelStopsWithinOneBatch()
    {
        std::atomic<bool> cancel{false};
        int batchesAfterCancel = 0;
        const TrainResult result = train(
            m_config, m_tmp.filePath("run-cancel"),
            [&](const TrainEvent &e) {
                if (e.kind != TrainEvent::Kind::BatchDone)
                    return;
                if (cancel)
                    ++batchesAfterCancel;
                cancel = true;
            },
            &cancel);
        QVERIFY(result.ok);
        QVERIFY(result.cancelled);
        QCOMPARE(batchesAfterCancel, 0);
        QCOMPARE(result.epochsDone, 0);
        QCOMPARE(readRunStatus(m_tmp.filePath("run-cancel")).state, RunStatus::State::Stopped);
    }

    // With mixup on, so its random blend weights and orders are also repeated on resume.
    void resumeEqualsUninterrupted()
    {
        TrainConfig config = m_config;
        config.augment.mixup = 0.4;
        const TrainResult whole =
            train(config, m_tmp.filePath("run-whole"), [](const TrainEvent &) {});
        QVERIFY(whole.ok);
        QVERIFY2(qAbs(whole.history.front().trainLoss - m_plainFirstLoss) > 1e-4,
                 "mixup did not change the training"); // same seeds, so only mixup differs
        // Resuming a finished run loads its epoch-end last.pt and has nothing left to do.
        int batchesAfterTheEnd = 0;
        const TrainResult finished = resume(m_tmp.filePath("run-whole"), [&](const TrainEvent &e) {
            batchesAfterTheEnd += e.kind == TrainEvent::Kind::BatchDone;
        });
        QVERIFY2(finished.ok, qPrintable(finished.error));
        QCOMPARE(finished.epochsDone, 3);
        QCOMPARE(batchesAfterTheEnd, 0);

        // Interrupted twice in epoch 2: after batch 3 (last.pt then holds the middle of the
        // epoch), and after its last batch, before its validation.
        const QString run = m_tmp.filePath("run-resumed");
        const TrainResult first = train(config, run, stopAt(2, 3), &m_stop);
        QVERIFY(first.cancelled);
        QCOMPARE(first.epochsDone, 1);
        QCOMPARE(first.stoppedAfterBatch, 3);
        QCOMPARE(readFile(run + "/metrics.csv").count('\n'), 2); // epoch 2 is not finished
        const double firstSeconds = readRunStatus(run).seconds;
        QVERIFY(firstSeconds > 0);
        int firstBatchAfterResume = 0;
        int batches = 0;
        m_stop = false;
        const TrainResult second = resume(
            run,
            [&](const TrainEvent &e) {
                if (e.kind != TrainEvent::Kind::BatchDone)
                    return;
                if (!firstBatchAfterResume)
                    firstBatchAfterResume = e.batch;
                batches = e.batches;
                if (e.batch == e.batches)
                    m_stop = true;
            },
            &m_stop);
        QVERIFY2(second.ok, qPrintable(second.error));
        QCOMPARE(firstBatchAfterResume, 4); // batches 1-3 of epoch 2 were not redone
        QCOMPARE(second.epochsDone, 1);
        QCOMPARE(second.stoppedAfterBatch, batches);
        const TrainResult resumed = resume(run, [](const TrainEvent &) {});
        QVERIFY2(resumed.ok, qPrintable(resumed.error));
        QCOMPARE(resumed.epochsDone, 3);
        // Its time counts every session, not the pauses between them.
        QVERIFY(readRunStatus(run).seconds > firstSeconds);
        QCOMPARE(summarizeRun(run).seconds, readRunStatus(run).seconds);
        QCOMPARE(int(resumed.history.size()), 3);
        for (size_t i = 0; i < 3; ++i) {
            QVERIFY2(qAbs(resumed.history[i].trainLoss - whole.history[i].trainLoss) < 1e-5,
                     qPrintable(QStringLiteral("epoch %1: %2 vs %3")
                                    .arg(i + 1)
                                    .arg(resumed.history[i].trainLoss)
                                    .arg(whole.history[i].trainLoss)));
            QVERIFY(qAbs(resumed.history[i].macroF1 - whole.history[i].macroF1) < 1e-6);
        }
        QCOMPARE(readFile(run + "/metrics.csv").count('\n'), 4);
        // The best epoch's files agree too: best.pt's macro F1 survived the resumes.
        QCOMPARE(resumed.bestEpoch, whole.bestEpoch);
        for (const char *file : {"confusion_matrix.csv", "validation_predictions.csv"})
            QCOMPARE(readFile(run + "/" + file),
                     readFile(m_tmp.filePath("run-whole") + "/" + file));
    }

    // A run from before per-batch rates (its config.yaml has no scheduler.interval, its
    // batches.csv no lr column) resumes with one rate per epoch and keeps its file's columns.
    void aRunFromBeforePerBatchRatesResumesPerEpoch()
    {
        TrainConfig config = m_config;
        config.scheduler.interval = SchedulerConfig::Interval::Epoch;
        const QString run = m_tmp.filePath("run-old");
        m_stop = false;
        QVERIFY(train(config, run, stopAt(2, 2), &m_stop).cancelled);
        QByteArray yaml = readFile(run + "/config.yaml");
        QVERIFY(yaml.contains("  interval: epoch\n"));
        yaml.replace("  interval: epoch\n", "");
        QVERIFY(writeFile(run + "/config.yaml", yaml));
        QByteArray batches = readFile(run + "/batches.csv");
        QList<QByteArray> lines = batches.split('\n');
        for (QByteArray &line : lines)
            line = line.left(line.lastIndexOf(',') < 0 ? line.size() : line.lastIndexOf(','));
        QVERIFY(writeFile(run + "/batches.csv", lines.join('\n')));
        std::set<double> rates;
        m_stop = false;
        const TrainResult resumed = resume(run, [&](const TrainEvent &e) {
            if (e.kind == TrainEvent::Kind::BatchDone && e.epoch == 2)
                rates.insert(e.lr);
        });
        QVERIFY2(resumed.ok, qPrintable(resumed.error));
        QCOMPARE(int(rates.size()), 1); // one rate for the rest of epoch 2
        QCOMPARE(*rates.begin(), learningRate(config, 1, 0, 1));
        QCOMPARE(readFile(run + "/batches.csv").split('\n')[0],
                 "epoch,batch,batches,loss,images_per_s");
        for (const QByteArray &line : readFile(run + "/batches.csv").split('\n'))
            QVERIFY(line.isEmpty() || line.count(',') == 4);
        QCOMPARE(int(readRunBatches(run).size()) > 0, true);
    }

    // Early stopping's count survives a stop: a resumed run stops where an uninterrupted one
    // would (the count is rebuilt from metrics.jsonl, as far as last.pt got).
    void earlyStoppingCountsAcrossAResume()
    {
        std::vector<EpochMetrics> history(4);
        const double f1[] = {0.1, 0.3, 0.2, 0.25};
        for (int e = 0; e < 4; ++e) {
            history[size_t(e)].epoch = e + 1;
            history[size_t(e)].macroF1 = f1[e];
        }
        QCOMPARE(TrainingRun::epochsSinceBest(history, 1), 0);
        QCOMPARE(TrainingRun::epochsSinceBest(history, 2), 0);
        QCOMPARE(TrainingRun::epochsSinceBest(history, 3), 1);
        QCOMPARE(TrainingRun::epochsSinceBest(history, 4), 2);
        QCOMPARE(TrainingRun::epochsSinceBest({}, 0), 0);
    }

    void exportedWeightsLoadBack()
    {
        const QString file = m_tmp.filePath("weights.pt");
        QString error;
        QVERIFY2(exportStateDict(m_tmp.filePath("run-a"), "best", file, &error), qPrintable(error));
        const QByteArray bytes = readFile(file);
        const c10::IValue value = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
        QVERIFY(value.isGenericDict());
        const auto dict = value.toGenericDict();
        QVERIFY(dict.contains("fc.weight"));
        QVERIFY(dict.contains("body.1.running_mean")); // buffers too, as a state_dict has
        QCOMPARE(dict.at("fc.weight").toTensor().size(0), int64_t(8)); // the multi-task head
    }

    void pretrainedWeightsStartTheRun()
    {
        TrainConfig config = m_config; // the weights exportedWeightsLoadBack wrote
        config.train.epochs = 1;
        config.model.pretrained = m_tmp.filePath("weights.pt");
        QStringList notes;
        const TrainResult result =
            train(config, m_tmp.filePath("run-pre"), [&](const TrainEvent &e) {
                if (e.kind == TrainEvent::Kind::Info)
                    notes << e.message;
            });
        QVERIFY2(result.ok, qPrintable(result.error));
        // small_cnn multi-head: 5 x (conv weight + 4 batch-norm tensors + counter) + fc 2 = 32
        QVERIFY2(notes.join(' ').contains("pretrained: 32 tensors from " + config.model.pretrained),
                 qPrintable(notes.join(' ')));

        config.model.pretrained = m_tmp.filePath("absent.pth");
        const TrainResult failed =
            train(config, m_tmp.filePath("run-pre2"), [](const TrainEvent &) {});
        QVERIFY(!failed.ok);
        QVERIFY2(failed.error.contains("model.pretrained: ") &&
                     failed.error.contains("absent.pth: no such file"),
                 qPrintable(failed.error));

        // ImageNet weights by name, with torchvision's cache empty: the run says what to fetch.
        const QByteArray emptyCache = m_tmp.filePath("torch-home").toUtf8();
        qputenv("TORCH_HOME", emptyCache);
        config.model.architecture = ModelConfig::Architecture::ResNet18;
        config.model.pretrained = QStringLiteral("imagenet");
        const TrainResult offline =
            train(config, m_tmp.filePath("run-pre3"), [](const TrainEvent &) {});
        qunsetenv("TORCH_HOME");
        QVERIFY(!offline.ok);
        QVERIFY2(offline.error.startsWith("model.pretrained: the ImageNet weights of resnet18") &&
                     offline.error.contains("resnet18-f37072fd.pth into " + emptyCache),
                 qPrintable(offline.error));
    }

    void normalisationFromTheDataset()
    {
        TrainConfig config = m_config;
        config.train.epochs = 1;
        config.data.normalize = DataConfig::Normalize::Dataset;
        QStringList notes;
        const QString run = m_tmp.filePath("run-norm");
        const TrainResult result = train(config, run, [&](const TrainEvent &e) {
            if (e.kind == TrainEvent::Kind::Warning)
                notes << e.message;
        });
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(notes.join(' ').contains("normalisation computed from 168 train photos"));
        const QString cache = m_config.data.dataset + ".masklab/image_statistics_train.yaml";
        QString error;
        const auto stats = ImageStatistics::fromYaml(readFile(cache), &error);
        QVERIFY2(stats, qPrintable(error));
        const auto saved = parseTrainConfig(readFile(run + "/config.yaml"), "config.yaml", &error);
        QVERIFY(saved);
        for (size_t c = 0; c < 3; ++c) {
            QVERIFY(qAbs(saved->data.mean[c] - stats->mean[c]) < 1e-6);
            QVERIFY(qAbs(saved->data.std[c] - stats->std[c]) < 1e-6);
            QVERIFY(saved->data.mean[c] > 0.05 && saved->data.mean[c] < 0.95);
        }
        // A second run reads the cache instead of decoding again.
        notes.clear();
        QVERIFY(train(config, m_tmp.filePath("run-norm2"), [&](const TrainEvent &e) {
                    if (e.kind == TrainEvent::Kind::Warning)
                        notes << e.message;
                }).ok);
        QVERIFY(notes.join(' ').contains("from the workspace's image statistics"));
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
