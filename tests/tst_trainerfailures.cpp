// How a training run fails, on a tiny generated dataset: a clear message for a missing dataset,
// run or checkpoint; photos that do not decode skipped and listed, or the run refused over the
// limit; an exception inside a batch fails the run (status.json says so), never the process.

#include "testsupport.h"
#include "trainer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

class TestTrainerFailures : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    TrainConfig m_config;

private slots:
    void initTestCase()
    {
        const QString root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(root, 24, 2, 0, false, 96, 128));
        m_config = tinyTrainConfig(root, 3);
        m_config.train.sampler = TrainingConfig::Sampler::Uniform; // every photo each epoch
    }

    void clearFailures()
    {
        TrainConfig config = m_config;
        config.data.dataset = m_tmp.filePath("nowhere");
        QString message;
        const TrainResult result = train(config, m_tmp.filePath("run-x"), [&](const TrainEvent &e) {
            if (e.kind == TrainEvent::Kind::Failed)
                message = e.message;
        });
        QVERIFY(!result.ok);
        QVERIFY2(message.contains("nowhere: no such file"), qPrintable(message));
        const TrainResult noRun = resume(m_tmp.filePath("run-none"), [](const TrainEvent &) {});
        QVERIFY(!noRun.ok);
        QVERIFY(noRun.error.contains("no run to resume"));

        // A run folder with its config but no last.pt, then with a cut one.
        const QString early = m_tmp.filePath("run-early");
        TrainConfig one = m_config;
        one.train.epochs = 1;
        QVERIFY(train(one, early, {}).ok);
        QVERIFY(QFile::remove(early + "/last.pt"));
        const TrainResult noCheckpoint = resume(early, {});
        QVERIFY2(noCheckpoint.error.contains("has no last.pt to resume from"),
                 qPrintable(noCheckpoint.error));
        QVERIFY(writeFile(early + "/last.pt", readFile(early + "/best.pt").left(1000)));
        const TrainResult cut = resume(early, {});
        QVERIFY2(cut.error.contains("cannot read the checkpoint") &&
                     cut.error.contains("damaged, cut short or not this run's model"),
                 qPrintable(cut.error));
    }

    void photosThatDoNotDecodeAreSkippedAndListed()
    {
        // Three broken photos: random bytes and a JPEG cut short (their headers tell before the
        // run starts), and a PNG whose pixel data is wrecked (found when a batch decodes it).
        const QString root = m_tmp.filePath("broken-ds");
        QVERIFY(copyTree(m_config.data.dataset, root));
        const QStringList folders =
            QDir(root + "/train/images").entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        const QString random = root + "/train/images/" + folders[0] + "/mask1.jpg";
        QVERIFY(writeFile(random, QByteArray(3000, 'x')));
        const QString cut = root + "/train/images/" + folders[1] + "/mask2.jpg";
        QVERIFY(writeFile(cut, readFile(cut).left(1500)));
        const QString wrecked = root + "/train/images/" + folders[2] + "/normal";
        QVERIFY(QFile::remove(wrecked + ".jpg"));
        QVERIFY(writeFile(wrecked + ".png", wreckedPng(96, 128)));

        TrainConfig config = m_config;
        config.data.dataset = root;
        config.train.epochs = 1;
        config.data.maxSkippedPhotos = 0.05;
        const QString runDir = m_tmp.filePath("run-skipping");
        QStringList warnings;
        int lastCount = 0;
        const TrainResult result = train(config, runDir, [&](const TrainEvent &e) {
            if (e.kind == TrainEvent::Kind::Warning)
                warnings << e.message;
            if (e.kind == TrainEvent::Kind::BatchDone)
                lastCount = e.skippedPhotos;
        });
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY2(
            warnings.join('\n').contains("skipped 2 photo(s) that do not decode: train/images/"),
            qPrintable(warnings.join('\n')));
        const QByteArray list = readFile(runDir + "/skipped_photos.csv");
        QVERIFY2(list.contains(random.toUtf8() + ",\"not an image") &&
                     list.contains(cut.toUtf8() + ",JPEG is truncated") &&
                     list.contains((wrecked + ".png,does not decode,1").toUtf8()),
                 list.constData());
        QCOMPARE(readRunStatus(runDir).skippedPhotos, 3);
        QVERIFY(lastCount >= 2);

        // Over the limit the run fails, naming the photos and the list.
        config.data.maxSkippedPhotos = 0.01; // 3 of 168 photos is 1.8%
        const TrainResult refused = train(config, m_tmp.filePath("run-too-many"), {});
        QVERIFY(!refused.ok);
        QVERIFY2(refused.error.contains("do not decode (") &&
                     refused.error.contains("more than data.max_skipped_photos allows (1%)") &&
                     refused.error.contains("skipped_photos.csv"),
                 qPrintable(refused.error));
    }

    void exceptionsFailTheRunNotTheProcess_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("expected");
        QTest::newRow("LibTorch error") << "torch"
                                        << "LibTorch failed: injected fault";
        QTest::newRow("GPU out of memory") << "cuda-oom"
                                           << "the GPU ran out of memory";
        QTest::newRow("host out of memory") << "bad_alloc"
                                            << "the computer ran out of memory";
    }

    void exceptionsFailTheRunNotTheProcess()
    {
        QFETCH(QString, fault);
        QFETCH(QString, expected);
        qputenv("MASKLAB_INJECT_FAULT", ("train-batch:" + fault).toUtf8());
        const QString runDir = m_tmp.filePath("run-fault-" + fault);
        QString message;
        const TrainResult result = train(m_config, runDir, [&](const TrainEvent &e) {
            if (e.kind == TrainEvent::Kind::Failed)
                message = e.message;
        });
        qunsetenv("MASKLAB_INJECT_FAULT");
        QVERIFY(!result.ok);
        QVERIFY2(result.error.startsWith(expected), qPrintable(result.error));
        QCOMPARE(message, result.error);
        const RunStatus status = readRunStatus(runDir);
        QCOMPARE(int(status.state), int(RunStatus::State::Failed)); // not left "running"
        QCOMPARE(status.message, result.error);
    }
};

QTEST_GUILESS_MAIN(TestTrainerFailures)
#include "tst_trainerfailures.moc"
