#pragma once
// Works through the workspace's queue (jobqueue.h) one entry after another: each waiting entry
// is marked running, its placeholders resolved, its command run by a QueueLauncher (the CLI's
// starts a masklab-cli child), and its end recorded; a failed entry is recorded and the next one
// starts. It stops when nothing waits, after the current entry when the queue is paused, or at
// once on cancel or when the entry's process was stopped from outside (the entry then waits
// again, and a train entry resumes from its checkpoint).
// One runner per queue: <workspace>/queue/runner.lock is held while it runs.

#include "jobqueue.h"

#include <atomic>
#include <functional>

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
    // Runs masklab-cli with `arguments`, its output appended to logPath.
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
    // True when it stopped as asked (nothing waits, paused, cancelled); false with error when
    // the queue cannot be read or written or another runner holds it.
    bool run(const std::atomic<bool> *cancel, QString *error);
    int done() const { return m_done; }
    int failed() const { return m_failed; }
    bool paused() const { return m_paused; }

    static QString logPath(const QString &workspace, int id); // <queue>/entry-<id>.log

private:
    std::optional<QueueEntry> takeNext(QString *error);
    QStringList commandFor(const QueueEntry &entry, const JobQueue &queue, QString *problem);
    bool finish(const QueueEntry &entry, QueueLauncher::Outcome outcome, QString *error);
    void refreshWaiting(JobQueue queue);
    void log(const QString &line) const;

    QString m_workspace;
    QueueLauncher &m_launcher;
    std::function<void(const QString &)> m_log;
    int m_done = 0;
    int m_failed = 0;
    bool m_paused = false;
    bool m_entryRanBefore = false; // the entry taken had run before (stopped, interrupted)
    bool m_stopped = false;        // the last entry was stopped: so is the queue
};

} // namespace masklab
