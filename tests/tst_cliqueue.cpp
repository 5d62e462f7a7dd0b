// masklab-cli queue end to end on a tiny generated dataset: "train two configs (one of them
// broken), then find errors with the best, then predict with the best two" queued and run in
// one command, the failure recorded while the rest goes on; entries refused with the reason;
// a damaged queue file named and left alone.

#include "clirun.h"
#include "jobqueue.h"
#include "runrecord.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

class TestCliQueue : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dataset;
    QString m_workspace;

    QString writeConfig(const QString &name, TrainConfig config)
    {
        config.train.runName = name;
        const QString path = m_tmp.filePath(name + ".yaml");
        writeFile(path, trainConfigToYaml(config));
        return path;
    }

private slots:
    void initTestCase()
    {
        m_dataset = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_dataset, 24, 6, 0, false, 96, 128));
        m_workspace = m_dataset + ".masklab";
        qputenv("MASKLAB_CORES", "2"); // the cores the queue shares, whatever the machine has
    }

    void anEveningsQueueRunsInOneCommand()
    {
        TrainConfig config = tinyTrainConfig(m_dataset, 1);
        const QString a = writeConfig("a", config);
        config.optimizer.lr = 0.01;
        const QString b = writeConfig("b", config);
        config.data.dataset = m_tmp.filePath("no-such-dataset");
        const QString broken = writeConfig("broken", config);
        for (const QString &file : {a, broken, b}) {
            const CliRun run =
                runCli({"queue", "add-train", "--config", file, "--dataset", m_dataset});
            QVERIFY2(run.exitCode == 0 && run.out.contains("queued as entry"),
                     qPrintable(run.all()));
        }
        CliRun run = runCli({"queue", "add-find", "--folds", "2", "--dataset", m_dataset});
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        const QString submission = m_tmp.filePath("sub.csv");
        run = runCli({"queue", "add-predict", "--best", "2", "--eval", m_dataset, "--out",
                      submission, "--dataset", m_dataset});
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        // A config file written after it was queued does not change the queued run.
        QVERIFY(writeFile(a, "not: [a config"));
        run = runCli({"queue", "list", "--dataset", m_dataset});
        QVERIFY2(run.exitCode == 0 && run.out.contains("5 waiting") &&
                     run.out.contains("find-errors") && run.out.contains("the queue's best 2"),
                 qPrintable(run.all()));

        run = runCli({"queue", "move", "5", "up", "--dataset", m_dataset});
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        QString error;
        QCOMPARE(readJobQueue(m_workspace, &error)->entries[3].id, 5); // before the finder
        run = runCli({"queue", "move", "5", "down", "--dataset", m_dataset});
        QCOMPARE(readJobQueue(m_workspace, &error)->entries[3].id, 4); // back after it

        // Two entries at once, each with half the cores; the finder waits for the runs before it.
        run = runCli({"queue", "run", "--parallel", "2", "--dataset", m_dataset}, 600000);
        QVERIFY2(run.exitCode == 1 && run.out.contains("queue: 4 done, 1 failed"),
                 qPrintable(run.all()));
        const int share = 1; // MASKLAB_CORES 2 (initTestCase) shared by 2
        QVERIFY2(readRunStatus(m_workspace + "/runs/a")
                     .device.contains(QString("CPU, %1 thread").arg(share)),
                 qPrintable(readRunStatus(m_workspace + "/runs/a").device));
        const std::optional<JobQueue> queue = readJobQueue(m_workspace, &error);
        QVERIFY2(queue, qPrintable(error));
        QCOMPARE(queue->find(2)->state, QueueEntry::State::Failed);
        QVERIFY2(queue->find(2)->message.contains("no-such-dataset") &&
                     queue->find(2)->message.contains("entry-2.log"),
                 qPrintable(queue->find(2)->message));
        for (int id : {1, 3, 4, 5})
            QVERIFY2(queue->find(id)->state == QueueEntry::State::Done,
                     qPrintable(queue->find(id)->message));
        QCOMPARE(readRunStatus(m_workspace + "/runs/a").state, RunStatus::State::Finished);
        QCOMPARE(readRunStatus(m_workspace + "/runs/b").state, RunStatus::State::Finished);
        // The finder trained with the best run's config; the submission is the ensemble of both.
        const QString findLog = QString::fromUtf8(readFile(m_workspace + "/queue/entry-4.log"));
        QVERIFY2(findLog.contains("suspects"), qPrintable(findLog.right(400)));
        const QString predictLog = QString::fromUtf8(readFile(m_workspace + "/queue/entry-5.log"));
        QVERIFY2(predictLog.contains("ensemble of 2 runs"), qPrintable(predictLog.right(400)));
        QCOMPARE(readFile(submission).count('\n'),
                 readFile(m_dataset + "/eval/info.csv").count('\n'));

        run = runCli({"queue", "run", "--dataset", m_dataset}); // nothing waits
        QVERIFY2(run.exitCode == 0 && run.out.contains("queue: 0 done, 0 failed"),
                 qPrintable(run.all()));
    }

    void badEntriesAndFilesAreRefusedWithTheReason()
    {
        const QString ws = m_tmp.filePath("refusing");
        CliRun run = runCli({"queue", "add-train", "--config", m_tmp.filePath("missing.yaml")});
        QVERIFY2(run.exitCode == 2 && run.err.contains("missing.yaml"), qPrintable(run.all()));
        run = runCli({"queue", "list"});
        QVERIFY2(run.exitCode == 2 && run.err.contains("which workspace?"), qPrintable(run.all()));
        run = runCli({"queue", "move", "x", "1", "--workspace", ws});
        QVERIFY2(run.exitCode == 2 && run.err.contains("move takes ID and up or down"),
                 qPrintable(run.all()));
        run = runCli({"queue", "add-predict", "--best", "1", "--run", "r", "--eval", "e", "--out",
                      "o", "--workspace", ws});
        QVERIFY2(run.exitCode == 2 && run.err.contains("not both"), qPrintable(run.all()));
        run = runCli({"queue", "remove", "3", "--workspace", ws});
        QVERIFY2(run.exitCode == 2 && run.err.contains("no entry 3"), qPrintable(run.all()));
        run = runCli({"queue", "run", "--parallel", "0", "--workspace", ws});
        QVERIFY2(run.exitCode == 2 && run.err.contains("--parallel takes 1 to 64"),
                 qPrintable(run.all()));
        run = runCli({"queue", "pause", "--workspace", ws});
        QString error;
        QVERIFY2(run.exitCode == 0 && readJobQueue(ws, &error)->paused, qPrintable(run.all()));
        QVERIFY(writeFile(ws + "/queue/queue.json", "{\"entries\": 3}"));
        run = runCli({"queue", "list", "--workspace", ws});
        QVERIFY2(run.exitCode == 2 && run.err.contains("queue.json: not a MaskLab queue"),
                 qPrintable(run.all()));
        QCOMPARE(readFile(ws + "/queue/queue.json"), QByteArray("{\"entries\": 3}"));
    }
};

QTEST_GUILESS_MAIN(TestCliQueue)
#include "tst_cliqueue.moc"
