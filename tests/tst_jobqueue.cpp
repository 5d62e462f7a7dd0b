// The job queue without training: its file (round trip, damage named), the edits the app makes
// (add, move, remove), the placeholders that name the queue's own best runs, and the entries'
// config copies and expected times. The runner's tests are in tst_queuerunner.cpp.

#include "queueentries.h"
#include "queuefixture.h"

#include <QDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

class TestJobQueue : public QObject, private QueueFixture
{
    Q_OBJECT
private slots:
    void theFileRoundTripsAndDamageIsNamed()
    {
        const QString ws = newWorkspace();
        QCOMPARE(read(ws).entries.size(), size_t(0)); // no file: an empty queue
        QueueEntry train = entryOf(QueueEntry::Kind::Train, "a", {"train", "--config", "x.yaml"});
        train.outputDir = ws + "/runs/a";
        train.expectedSeconds = 90;
        train.expectedSource = "r1";
        add(ws, train);
        add(ws, entryOf(QueueEntry::Kind::Predict, "p", {"predict", "--run", "{best-run}"}));
        JobQueue queue = read(ws);
        QCOMPARE(queue.entries.size(), size_t(2));
        QCOMPARE(queue.entries[0].id, 1);
        QCOMPARE(queue.entries[0].outputDir, ws + "/runs/a");
        QCOMPARE(queue.entries[0].expectedSeconds, 90.0);
        QCOMPARE(queue.entries[1].kind, QueueEntry::Kind::Predict);
        QCOMPARE(queue.entries[1].arguments, QStringList({"predict", "--run", "{best-run}"}));
        QCOMPARE(queue.nextId, 3);

        QString error;
        QVERIFY(writeFile(ws + "/queue/queue.json", "{\"entries\": [{\"id\": 1, \"kind\": "
                                                    "\"bake\", \"state\": \"waiting\"}]}"));
        QVERIFY(!readJobQueue(ws, &error));
        QVERIFY2(error.contains("queue.json: entry 1 is not a queue entry"), qPrintable(error));
        QVERIFY(readFile(ws + "/queue/queue.json").contains("bake")); // reading leaves it
        // A change sets the damaged file aside, as it was, and fails saying where it went.
        QVERIFY(!updateJobQueue(
            ws, [](JobQueue &) { return true; }, &error));
        QVERIFY2(error.contains("repeated); set aside as " + ws + "/queue/queue.json.damaged-"),
                 qPrintable(error));
        const QStringList aside = QDir(ws + "/queue").entryList({"queue.json.damaged-*"});
        QCOMPARE(aside.size(), 1);
        QVERIFY(readFile(ws + "/queue/" + aside.front()).contains("bake"));
        QVERIFY(!QFileInfo::exists(ws + "/queue/queue.json"));
        add(ws, train); // the next change begins a new queue
        QCOMPARE(read(ws).entries.size(), size_t(1));
        QVERIFY(writeFile(ws + "/queue/queue.json", "{ not json"));
        QVERIFY(!readJobQueue(ws, &error));
        QVERIFY2(error.contains("queue.json: not a MaskLab queue"), qPrintable(error));
    }

    void movesAndRemovesKeepTheRunningEntryInPlace()
    {
        JobQueue queue;
        for (const char *title : {"a", "b", "c", "d"})
            queue.add(entryOf(QueueEntry::Kind::Train, title, {"train"}));
        queue.entries[0].state = QueueEntry::State::Running;
        QString error;
        QVERIFY(queue.move(4, -2, &error)); // d before b... after the running a
        auto titles = [&queue] {
            QStringList t;
            for (const QueueEntry &e : queue.entries)
                t << e.title;
            return t.join(u',');
        };
        QCOMPARE(titles(), QString("a,d,b,c"));
        QVERIFY(queue.move(2, 10, &error));
        QCOMPARE(titles(), QString("a,d,c,b"));
        QVERIFY(!queue.move(1, 1, &error));
        QVERIFY2(error.contains("entry 1 is running"), qPrintable(error));
        QVERIFY(!queue.remove(1, &error));
        QVERIFY(!queue.remove(9, &error));
        QVERIFY2(error.contains("no entry 9"), qPrintable(error));
        QVERIFY(queue.remove(3, &error));
        QCOMPARE(titles(), QString("a,d,b"));
        QCOMPARE(queue.next()->title, QString("d"));
        QCOMPARE(queue.add(entryOf(QueueEntry::Kind::Train, "e", {"train"})), 5); // ids not reused
    }

    void placeholdersNameTheQueuesBestRuns()
    {
        const QStringList best{"/w/runs/b", "/w/runs/a", "/w/runs/c"};
        QStringList args{"predict", "--run", "{best-runs:2}", "--eval", "E"};
        QString error;
        QVERIFY(resolveQueueArguments(args, best, &error));
        QCOMPARE(args, QStringList(
                           {"predict", "--run", "/w/runs/b", "--run", "/w/runs/a", "--eval", "E"}));
        args = {"find-errors", "--config", "{best-config}"};
        QVERIFY(resolveQueueArguments(args, best, &error));
        QCOMPARE(args.last(), QString("/w/runs/b/config.yaml"));
        args = {"predict", "--run", "{best-runs:9}"}; // fewer runs than asked: all of them
        QVERIFY(resolveQueueArguments(args, best, &error));
        QCOMPARE(args.count("--run"), 3);
        args = {"predict", "--run", "{best-run}"};
        QVERIFY(!resolveQueueArguments(args, {}, &error));
        QVERIFY2(error.contains("no finished run yet"), qPrintable(error));
        args = {"predict", "{best-runs:2}"}; // no option before it: the runs alone
        QVERIFY(resolveQueueArguments(args, best, &error));
        QCOMPARE(args, QStringList({"predict", "/w/runs/b", "/w/runs/a"}));
        args = {"predict", "{worst-run}"};
        QVERIFY(!resolveQueueArguments(args, best, &error));
        QVERIFY2(error.contains("{worst-run}: not something"), qPrintable(error));

        const QString ws = newWorkspace();
        writeFinishedRun(ws + "/runs/low", 0.4);
        writeFinishedRun(ws + "/runs/high", 0.7);
        QVERIFY(writeRunFolder(ws + "/runs/unfinished", TrainConfig{}, {}));
        JobQueue queue;
        for (const char *run : {"low", "high", "unfinished"}) {
            QueueEntry e = entryOf(QueueEntry::Kind::Train, run, {"train"});
            e.outputDir = ws + "/runs/" + run;
            e.state = QueueEntry::State::Done;
            queue.add(e);
        }
        QCOMPARE(queueRunsByF1(queue, ws), QStringList({ws + "/runs/high", ws + "/runs/low"}));
        queue.add(queue.entries[1]); // the same run twice counts once
        QCOMPARE(queueRunsByF1(queue, ws).size(), 2);
    }

    void entriesKeepACopyOfTheConfigAndExpectAnEarlierPace()
    {
        const QString ws = newWorkspace();
        TrainConfig config;
        config.data.dataset = "relative/ds";
        config.train.epochs = 6;
        writeFinishedRun(ws + "/runs/earlier", 0.5, 20); // same model and input: 20 s an epoch
        QString error;
        JobQueue queue;
        queue.nextId = 7;
        auto entry = trainQueueEntry(ws, config, queue, &error);
        QVERIFY2(entry, qPrintable(error));
        QCOMPARE(entry->expectedSeconds, 120.0);
        QCOMPARE(entry->expectedSource, QString("earlier"));
        QVERIFY(entry->outputDir.startsWith(ws + "/runs/q7-"));
        const QString copy = queueConfigPath(ws, 7);
        QCOMPARE(entry->arguments,
                 QStringList({"train", "--config", copy, "--run", entry->outputDir}));
        QVERIFY(readFile(copy).contains(QDir("relative/ds").absolutePath().toUtf8()));

        queue.add(*entry);
        config.train.runName = "earlier"; // that folder exists
        QVERIFY(!trainQueueEntry(ws, config, queue, &error));
        QVERIFY2(error.contains("runs/earlier exists"), qPrintable(error));
        config.train.runName = QFileInfo(entry->outputDir).fileName(); // queued already
        QVERIFY(!trainQueueEntry(ws, config, queue, &error));
        QVERIFY2(error.contains("is queued already"), qPrintable(error));
        config.train.runName.clear();
        config.split.folds = 1;
        QVERIFY(!trainQueueEntry(ws, config, queue, &error));
        QVERIFY2(error.contains("split.folds: 1 is not allowed"), qPrintable(error));
        config.split.folds = 0;
        config.model.width = 32; // no earlier run of that width: no guess
        entry = trainQueueEntry(ws, config, queue, &error);
        QVERIFY(entry && entry->expectedSeconds == 0);
        auto finder = finderQueueEntry(ws, std::nullopt, 3, queue, &error);
        QVERIFY(finder && finder->arguments.contains("{best-config}"));
        QVERIFY(finder->expectedSeconds == 0); // no best run yet
        QVERIFY(!finderQueueEntry(ws, std::nullopt, 1, queue, &error));

        // Once a run of that width has ended, the waiting entries know what to expect.
        writeFinishedRun(ws + "/runs/wide", 0.6, 30, config);
        refreshExpectation(*entry, ws, {ws + "/runs/wide"});
        QCOMPARE(entry->expectedSeconds, 6 * 30.0);
        QCOMPARE(entry->expectedSource, QString("wide"));
        refreshExpectation(*finder, ws, {ws + "/runs/wide"}); // {best-config}: that run's
        QCOMPARE(finder->expectedSeconds, 3 * 6 * 30.0);
    }

    void aTrainEntryResumesItsRunOrSetsAnEmptyOneAside()
    {
        const QString run = path("resume/run");
        QString error;
        auto args = trainChildArguments("c.yaml", run, 3, &error);
        QCOMPARE(*args,
                 QStringList({"train", "--config", "c.yaml", "--run", run, "--until-epoch", "3"}));
        QVERIFY(QDir().mkpath(run)); // begun, no checkpoint: set aside
        args = trainChildArguments("c.yaml", run, 0, &error);
        QVERIFY(args && !QFileInfo::exists(run));
        QCOMPARE(QDir(path("resume")).entryList({"run.unfinished-*"}).size(), 1);
        QVERIFY(writeFile(run + "/last.pt", "x"));
        args = trainChildArguments("c.yaml", run, 0, &error);
        QCOMPARE(*args, QStringList({"train", "--resume", run}));
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "tst_jobqueue.moc"
