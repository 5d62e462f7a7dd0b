// The job queue without training: its file (round trip, damage named), the edits the app makes
// (add, move, remove), the placeholders that name the queue's own best runs, the entries' config
// copies and expected times, and the runner with a fake launcher: order, a failure that does not
// stop the queue, a pause and a reorder made while an entry runs, a cancel that leaves the entry
// waiting, and one runner per queue.

#include "queueentries.h"
#include "queuerunner.h"
#include "runrecord.h"
#include "testsupport.h"

#include <QDir>
#include <QLockFile>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

namespace {

QueueEntry entryOf(QueueEntry::Kind kind, const QString &title, QStringList arguments)
{
    QueueEntry e;
    e.kind = kind;
    e.title = title;
    e.arguments = std::move(arguments);
    return e;
}

// A finished run folder with one epoch of the given best F1.
void writeFinishedRun(const QString &dir, double f1, double epochSeconds = 10,
                      const TrainConfig &config = TrainConfig{})
{
    EpochMetrics epoch;
    epoch.epoch = 1;
    epoch.macroF1 = f1;
    epoch.seconds = epochSeconds;
    epoch.imagesPerSecond = 50;
    QVERIFY(writeRunFolder(dir, config, {epoch}));
    RunStatus status;
    status.state = RunStatus::State::Finished;
    QString error;
    QVERIFY2(writeRunStatus(dir, status, &error), qPrintable(error));
}

// Records what it was asked to run; `onRun` plays what a real command or the app would do
// meanwhile.
class FakeLauncher : public QueueLauncher
{
public:
    std::vector<QStringList> commands;
    std::function<Outcome(const QueueEntry &)> onRun = [](const QueueEntry &) {
        Outcome o;
        o.ok = true;
        return o;
    };
    Outcome run(const QueueEntry &entry, const QStringList &arguments, const QString &) override
    {
        commands.push_back(arguments);
        return onRun(entry);
    }
};

} // namespace

class TestJobQueue : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    int m_workspaces = 0;

    QString newWorkspace()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("ws%1").arg(++m_workspaces));
        QDir().mkpath(dir);
        return dir;
    }

    static void add(const QString &workspace, const QueueEntry &entry)
    {
        QString error;
        QVERIFY2(updateJobQueue(
                     workspace, [&](JobQueue &q) { return q.add(entry) > 0; }, &error),
                 qPrintable(error));
    }

    static JobQueue read(const QString &workspace)
    {
        QString error;
        const std::optional<JobQueue> queue = readJobQueue(workspace, &error);
        if (!queue)
            qWarning("%s", qPrintable(error));
        return queue.value_or(JobQueue{});
    }

    static QueueEntry::State stateOf(const QString &workspace, int id)
    {
        const JobQueue queue = read(workspace);
        return queue.find(id) ? queue.find(id)->state : QueueEntry::State::Waiting;
    }

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
        QVERIFY(!updateJobQueue(
            ws, [](JobQueue &) { return true; }, &error));
        QVERIFY(readFile(ws + "/queue/queue.json").contains("bake")); // left as it was
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
        const QString run = m_tmp.filePath("resume/run");
        QString error;
        auto args = trainChildArguments("c.yaml", run, 3, &error);
        QCOMPARE(*args,
                 QStringList({"train", "--config", "c.yaml", "--run", run, "--until-epoch", "3"}));
        QVERIFY(QDir().mkpath(run)); // begun, no checkpoint: set aside
        args = trainChildArguments("c.yaml", run, 0, &error);
        QVERIFY(args && !QFileInfo::exists(run));
        QCOMPARE(QDir(m_tmp.filePath("resume")).entryList({"run.unfinished-*"}).size(), 1);
        QVERIFY(writeFile(run + "/last.pt", "x"));
        args = trainChildArguments("c.yaml", run, 0, &error);
        QCOMPARE(*args, QStringList({"train", "--resume", run}));
    }

    void theRunnerGoesOnPastAFailureAndHonoursEditsMadeMeanwhile()
    {
        const QString ws = newWorkspace();
        for (const char *title : {"a", "fails", "b", "c"})
            add(ws, entryOf(QueueEntry::Kind::Sweep, title, {"sweep", title}));
        FakeLauncher launcher;
        launcher.onRun = [&](const QueueEntry &entry) {
            QueueLauncher::Outcome o;
            o.ok = entry.title != "fails";
            o.error = o.ok ? QString() : QString("the sweep file is gone");
            if (entry.title == "a") { // the app moves c before b while a runs
                QString error, refused;
                updateJobQueue(
                    ws, [&](JobQueue &q) { return q.move(4, -1, &refused); }, &error);
            }
            return o;
        };
        QueueRunner runner(ws, launcher);
        QString error;
        QVERIFY2(runner.run(nullptr, &error), qPrintable(error));
        QStringList order;
        for (const QStringList &command : launcher.commands)
            order << command.last();
        QCOMPARE(order.join(u','), QString("a,fails,c,b"));
        QCOMPARE(runner.done(), 3);
        QCOMPARE(runner.failed(), 1);
        const JobQueue queue = read(ws);
        QCOMPARE(queue.find(2)->state, QueueEntry::State::Failed);
        QCOMPARE(queue.find(2)->message, QString("the sweep file is gone"));
        QVERIFY(queue.find(4)->ended >= queue.find(4)->started);
        QCOMPARE(queue.waitingCount(), 0);
    }

    void aPauseStopsAfterTheEntryAndACancelLeavesItWaiting()
    {
        const QString ws = newWorkspace();
        for (const char *title : {"a", "b", "c"})
            add(ws, entryOf(QueueEntry::Kind::Sweep, title, {"sweep", "--sweep", title}));
        FakeLauncher launcher;
        launcher.onRun = [&](const QueueEntry &entry) {
            QString error;
            if (entry.title == "a") // the app's "pause after the current entry"
                updateJobQueue(
                    ws, [](JobQueue &q) { return q.paused = true; }, &error);
            QueueLauncher::Outcome o;
            o.ok = true;
            return o;
        };
        QueueRunner runner(ws, launcher);
        QString error;
        QVERIFY(runner.run(nullptr, &error));
        QVERIFY(runner.paused());
        QCOMPARE(launcher.commands.size(), size_t(1));
        QCOMPARE(stateOf(ws, 2), QueueEntry::State::Waiting);

        std::atomic<bool> cancel{false};
        launcher.onRun = [&](const QueueEntry &) {
            cancel = true; // Ctrl+C while b trains
            QueueLauncher::Outcome o;
            o.cancelled = true;
            return o;
        };
        QueueRunner again(ws, launcher); // run again: the pause is lifted
        QVERIFY(again.run(&cancel, &error));
        QCOMPARE(launcher.commands.size(), size_t(2));
        QCOMPARE(stateOf(ws, 2), QueueEntry::State::Cancelled);
        QCOMPARE(read(ws).next()->id, 2); // b waits again, first

        // A runner killed with its entry running: the next runner runs that entry again.
        QVERIFY(updateJobQueue(
            ws, [](JobQueue &q) { return bool(q.find(2)->state = QueueEntry::State::Running); },
            &error));
        launcher.onRun = [](const QueueEntry &) {
            QueueLauncher::Outcome o;
            o.ok = true;
            return o;
        };
        QueueRunner third(ws, launcher);
        QVERIFY(third.run(nullptr, &error));
        QCOMPARE(launcher.commands[2].value(2), QString("b")); // sweep --sweep b
        QCOMPARE(stateOf(ws, 3), QueueEntry::State::Done);
    }

    void aTrainEntryResumesOnlyARunItBegan()
    {
        const QString ws = newWorkspace();
        for (const char *name : {"taken", "mine", "outside"}) {
            QueueEntry e = entryOf(QueueEntry::Kind::Train, name, {"train", "--config", "c.yaml"});
            e.outputDir = ws + "/runs/" + name;
            add(ws, e);
        }
        QVERIFY(writeRunFolder(ws + "/runs/taken", TrainConfig{}, {})); // someone else's run
        QString error;
        QVERIFY(updateJobQueue( // "mine" was stopped after its first epoch
            ws,
            [](JobQueue &q) {
                q.find(2)->state = QueueEntry::State::Cancelled;
                q.find(2)->started = QDateTime::currentDateTime();
                return true;
            },
            &error));
        writeFinishedRun(ws + "/runs/mine", 0.5);
        QVERIFY(writeFile(ws + "/runs/mine/last.pt", "checkpoint"));
        FakeLauncher launcher;
        launcher.onRun = [&](const QueueEntry &entry) {
            QueueLauncher::Outcome o;
            o.ok = true; // "outside" ends well but its run is not finished: stopped from outside
            if (entry.title == "outside")
                writeRunFolder(ws + "/runs/outside", TrainConfig{}, {});
            return o;
        };
        QueueRunner runner(ws, launcher);
        QVERIFY2(runner.run(nullptr, &error), qPrintable(error));
        const JobQueue queue = read(ws);
        QCOMPARE(queue.find(1)->state, QueueEntry::State::Failed);
        QVERIFY2(queue.find(1)->message.contains("another run took that name"),
                 qPrintable(queue.find(1)->message));
        QCOMPARE(launcher.commands.front(), QStringList({"train", "--resume", ws + "/runs/mine"}));
        QCOMPARE(queue.find(2)->state, QueueEntry::State::Done);
        QCOMPARE(queue.find(3)->state, QueueEntry::State::Cancelled); // waits again
    }

    void oneRunnerPerQueueAndPlaceholdersWithoutRunsFail()
    {
        const QString ws = newWorkspace();
        add(ws, entryOf(QueueEntry::Kind::Predict, "p", {"predict", "--run", "{best-run}"}));
        QLockFile other(ws + "/queue/runner.lock");
        QVERIFY(other.tryLock(0));
        FakeLauncher launcher;
        QueueRunner runner(ws, launcher);
        QString error;
        QVERIFY(!runner.run(nullptr, &error));
        QVERIFY2(error.contains("the queue is already running"), qPrintable(error));
        other.unlock();
        QVERIFY(runner.run(nullptr, &error));
        QVERIFY(launcher.commands.empty()); // nothing to stand in for {best-run}: not started
        QCOMPARE(stateOf(ws, 1), QueueEntry::State::Failed);
        QVERIFY(read(ws).find(1)->message.contains("no finished run yet"));
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "tst_jobqueue.moc"
