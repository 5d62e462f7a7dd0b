// The job queue's runner with a fake launcher: order, a failure that does not stop the queue, a
// pause and a reorder made while an entry runs, a cancel that leaves the entry waiting, a train
// entry that resumes only the run it began, one runner per queue, and entries run N at once
// with those that name the best runs waiting for the ones before them.

#include "queuefixture.h"
#include "queuerunner.h"

#include <QLockFile>
#include <QTest>

#include <condition_variable>
#include <functional>
#include <mutex>

using namespace masklab;
using namespace masklab::test;

namespace {

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
        {
            const std::lock_guard<std::mutex> lock(mutex); // entries may run at once
            commands.push_back(arguments);
        }
        return onRun(entry);
    }
    std::mutex mutex;
};

} // namespace

class TestQueueRunner : public QObject, private QueueFixture
{
    Q_OBJECT
private slots:
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

    // Two entries at once: "a" waits for "b" to start (a runner taking one entry at a time
    // would time out here); the entry that names the best run starts only after both ended.
    void entriesRunNAtOnceAndBestRunsWaitForThoseBefore()
    {
        const QString ws = newWorkspace();
        for (const char *name : {"a", "b"}) {
            QueueEntry e = entryOf(QueueEntry::Kind::Train, name, {"train", "--config", "c.yaml"});
            e.outputDir = ws + "/runs/" + name;
            add(ws, e);
        }
        add(ws, entryOf(QueueEntry::Kind::Predict, "p", {"predict", "--run", "{best-run}"}));
        std::mutex mutex;
        std::condition_variable changed;
        QStringList started, ended;
        QStringList endedWhenPStarted;
        FakeLauncher launcher;
        launcher.onRun = [&](const QueueEntry &entry) {
            std::unique_lock<std::mutex> lock(mutex);
            started << entry.title;
            if (entry.title == "p")
                endedWhenPStarted = ended;
            changed.notify_all();
            QueueLauncher::Outcome o;
            o.ok = entry.title != "a" || changed.wait_for(lock, std::chrono::seconds(20),
                                                          [&] { return started.contains("b"); });
            if (entry.kind == QueueEntry::Kind::Train)
                writeFinishedRun(ws + "/runs/" + entry.title, entry.title == "a" ? 0.4 : 0.6);
            ended << entry.title;
            return o;
        };
        QueueRunner runner(ws, launcher);
        runner.setParallel(2);
        QString error;
        QVERIFY2(runner.run(nullptr, &error), qPrintable(error));
        QCOMPARE(runner.done(), 3);
        QCOMPARE(runner.failed(), 0);
        endedWhenPStarted.sort();
        QCOMPARE(endedWhenPStarted, QStringList({"a", "b"}));
        QCOMPARE(launcher.commands.back(), QStringList({"predict", "--run", ws + "/runs/b"}));
    }

    // The same sweep queued twice writes into one folder: with two at once the second still
    // waits for the first (which would otherwise see it start within its wait).
    void entriesWritingTheSameFolderDoNotRunAtOnce()
    {
        const QString ws = newWorkspace();
        for (const char *title : {"first", "again"}) {
            QueueEntry e = entryOf(QueueEntry::Kind::Sweep, title, {"sweep", "--sweep", "s.yaml"});
            e.outputDir = ws + "/sweeps/s";
            add(ws, e);
        }
        std::mutex mutex;
        std::condition_variable changed;
        QStringList started;
        bool overlapped = false;
        FakeLauncher launcher;
        launcher.onRun = [&](const QueueEntry &entry) {
            std::unique_lock<std::mutex> lock(mutex);
            started << entry.title;
            changed.notify_all();
            if (entry.title == "first")
                overlapped = changed.wait_for(lock, std::chrono::seconds(1),
                                              [&] { return started.contains("again"); });
            QueueLauncher::Outcome o;
            o.ok = true;
            return o;
        };
        QueueRunner runner(ws, launcher);
        runner.setParallel(2);
        QString error;
        QVERIFY2(runner.run(nullptr, &error), qPrintable(error));
        QCOMPARE(runner.done(), 2);
        QVERIFY(!overlapped);
    }
};

QTEST_GUILESS_MAIN(TestQueueRunner)
#include "tst_queuerunner.moc"
