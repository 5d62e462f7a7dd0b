#pragma once
// Works through the workspace's queue (jobqueue.h) in order, one entry at a time or N at once
// (setParallel): each waiting entry is marked running, its placeholders resolved, its command
// run by a QueueLauncher (the CLI's starts a masklab-cli child), and its end recorded; a failed
// entry is recorded and the queue goes on. An entry that names the queue's best runs or config
// waits until every entry before it has ended. It stops when nothing waits, after the running
// entries when the queue is paused, or on cancel or when an entry's process was stopped from
// outside (that entry then waits again, and a train entry resumes from its checkpoint).
// One runner per queue: <workspace>/queue/runner.lock is held while it runs.

#include "jobqueue.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace masklab {

class QueueLauncher
{
public:
    struct Outcome
    {
        bool ok = false;
        bool cancelled = false;
        QString error; // !ok and !cancelled: why, in the command's own words where it said
    };
    virtual ~QueueLauncher() = default;
    // Runs masklab-cli with `arguments`, its output appended to logPath. With setParallel(N > 1)
    // it is called from N threads at once.
    virtual Outcome run(const QueueEntry &entry, const QStringList &arguments,
                        const QString &logPath) = 0;
};

// Which exit codes of an entry's command mean it did its job: the finder's 1 means it found
// suspects, anyone else's means a failure.
bool queueExitOk(QueueEntry::Kind kind, int exitCode);

class QueueRunner
{
public:
    QueueRunner(QString workspace, QueueLauncher &launcher)
        : m_workspace(std::move(workspace)), m_launcher(launcher)
    {
    }
    void setLog(std::function<void(const QString &)> log) { m_log = std::move(log); }
    void setParallel(int entries) { m_parallel = std::max(1, entries); }
    // True when it stopped as asked (nothing waits, paused, cancelled); false with error when
    // the queue cannot be read or written or another runner holds it.
    bool run(const std::atomic<bool> *cancel, QString *error);
    int done() const { return m_done; }
    int failed() const { return m_failed; }
    bool paused() const { return m_paused; }

    static QString logPath(const QString &workspace, int id); // <queue>/entry-<id>.log

private:
    struct Taken
    {
        QueueEntry entry;
        bool ranBefore = false; // it had run before (stopped, interrupted)
    };
    bool resetInterrupted(QString *error);
    std::optional<Taken> takeNext(bool othersRunning, QString *error);
    QStringList commandFor(const Taken &taken, const JobQueue &queue, QString *problem);
    void runEntry(const Taken &taken);
    bool finish(const QueueEntry &entry, QueueLauncher::Outcome outcome, QString *error);
    void refreshWaiting(JobQueue queue);
    void log(const QString &line) const;

    QString m_workspace;
    QueueLauncher &m_launcher;
    std::function<void(const QString &)> m_log;
    int m_parallel = 1;
    // Guards what follows and the runner's edits of the queue file; the condition wakes the
    // loop that starts entries when one ends.
    std::mutex m_mutex;
    std::condition_variable m_ended;
    mutable std::mutex m_logMutex;
    int m_running = 0;
    int m_done = 0;
    int m_failed = 0;
    bool m_paused = false;
    bool m_stopped = false; // an entry was stopped (Ctrl+C, Stop, from outside): so is the queue
    QString m_error;        // the queue file could not be read or written
};

} // namespace masklab
