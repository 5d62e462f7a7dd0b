// Run folders under write failures and concurrency: a checkpoint that cannot be written (a full
// disk) fails the run and keeps the previous checkpoint byte for byte; a run folder is created
// once, so two processes never write into the same run.

#include "runrecord.h"
#include "testsupport.h"
#include "textfile.h"
#include "trainer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

class TestRunSafety : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dataset;

private slots:
    void initTestCase()
    {
        m_dataset = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_dataset, 16, 0, 0, false, 96, 128));
    }

    void checkpointOnAFullDiskKeepsThePreviousOne()
    {
        // Stopped after the first batch: last.pt holds that point.
        const QString run = m_tmp.filePath("run-full");
        std::atomic<bool> stop{false};
        const TrainResult stopped = train(
            tinyTrainConfig(m_dataset, 2), run,
            [&](const TrainEvent &e) { stop = stop || e.kind == TrainEvent::Kind::BatchDone; },
            &stop);
        QVERIFY2(stopped.ok && stopped.cancelled, qPrintable(stopped.error));
        const QByteArray previous = readFile(run + "/last.pt");
        QVERIFY(previous.size() > 4096);

        // Resumed with room for the small files but not for a checkpoint.
        TrainResult resumed;
        {
            FileSizeLimit full(previous.size() / 2);
            resumed = resume(run, {});
        }
        QVERIFY(!resumed.ok);
        QVERIFY2(resumed.error.contains("cannot write the checkpoint") &&
                     resumed.error.contains("File too large") &&
                     resumed.error.contains("the previous last.pt is kept"),
                 qPrintable(resumed.error));
        QCOMPARE(readFile(run + "/last.pt"), previous);
        const QStringList leftovers = QDir(run).entryList({"last.pt?*", "best.pt?*"}, QDir::Files);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(", "))); // no partial file
        const RunStatus status = readRunStatus(run);
        QCOMPARE(int(status.state), int(RunStatus::State::Failed));
        QCOMPARE(status.message, resumed.error);

        // With room again the run resumes from the kept checkpoint and finishes.
        const TrainResult finished = resume(run, {});
        QVERIFY2(finished.ok && finished.epochsDone == 2, qPrintable(finished.error));
    }

    // metrics.csv, metrics.jsonl, batches.csv and skipped_photos.csv grow by appends.
    void anAppendOnAFullDiskLeavesNoHalfLine()
    {
        const QString file = m_tmp.filePath("lines.csv");
        QVERIFY(writeFile(file, "a,b\n"));
        QString error;
        {
            FileSizeLimit full(6);
            QVERIFY(!appendToFile(file, "1234567890\n", &error));
        }
        QCOMPARE(error, file + ": File too large");
        QCOMPARE(readFile(file), QByteArray("a,b\n"));
        QVERIFY(appendToFile(file, "1,2\n", &error));
        QCOMPARE(readFile(file), QByteArray("a,b\n1,2\n"));
    }

    // The atomic writer fed piece by piece (how checkpoints are written): a piece that does not
    // fit, or a producer that gives up, leaves the old file and no temporary one.
    void aStreamedWriteKeepsTheOldFileWhenItFails()
    {
        const QString file = m_tmp.filePath("streamed.bin");
        QVERIFY(writeFile(file, "old"));
        const QByteArray piece(4000, 'x');
        const auto threePieces = [&](const ChunkWriter &write, QString *) {
            for (int i = 0; i < 3; ++i)
                write(piece.data(), piece.size()); // as LibTorch does: the result is not looked at
            return true;
        };
        QString error;
        {
            FileSizeLimit full(6000);
            QVERIFY(!writeFileAtomically(file, threePieces, &error));
        }
        QCOMPARE(error, file + ": File too large");
        QCOMPARE(readFile(file), QByteArray("old"));
        const auto givesUp = [&](const ChunkWriter &write, QString *reason) {
            write(piece.data(), piece.size());
            *reason = "the model could not be serialised";
            return false;
        };
        QVERIFY(!writeFileAtomically(file, givesUp, &error));
        QCOMPARE(error, file + ": the model could not be serialised");
        QCOMPARE(readFile(file), QByteArray("old"));
        QVERIFY(writeFileAtomically(file, threePieces, &error));
        QCOMPARE(readFile(file), piece + piece + piece);
        QCOMPARE(QDir(m_tmp.path()).entryList({"streamed.bin?*"}, QDir::Files), QStringList());
    }

    void aRunFolderIsCreatedOnce()
    {
        const QString run = m_tmp.filePath("run-once");
        TrainConfig config = tinyTrainConfig(m_dataset, 1);
        QVERIFY(train(config, run, {}).ok);
        const QByteArray firstConfig = readFile(run + "/config.yaml");
        const QByteArray firstMetrics = readFile(run + "/metrics.csv");
        config.optimizer.lr = 0.5; // a different run aimed at the same folder
        const TrainResult second = train(config, run, {});
        QVERIFY(!second.ok);
        QVERIFY2(second.error.contains("already holds a run"), qPrintable(second.error));
        QCOMPARE(readFile(run + "/config.yaml"), firstConfig);
        QCOMPARE(readFile(run + "/metrics.csv"), firstMetrics);
    }

    void unnamedRunsStartedTogetherGetTheirOwnFolders()
    {
        const QString workspace = m_tmp.filePath("ws");
        TrainConfig config;
        const QString first = newRunFolder(config, workspace);
        QVERIFY(QDir().mkpath(first)); // as a run started this second would
        const QString second = newRunFolder(config, workspace);
        QVERIFY2(second != first, qPrintable(second));
        QVERIFY(QFileInfo(second).dir() == QFileInfo(first).dir());
    }
};

QTEST_GUILESS_MAIN(TestRunSafety)
#include "tst_runsafety.moc"
