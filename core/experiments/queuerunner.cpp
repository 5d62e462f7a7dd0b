#include "queuerunner.h"

#include "queueentries.h"
#include "runrecord.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>

#include <thread>

namespace masklab {

bool queueExitOk(QueueEntry::Kind kind, int exitCode)
{
    return exitCode == 0 || (kind == QueueEntry::Kind::FindErrors && exitCode == 1);
}

QString QueueRunner::logPath(const QString &workspace, int id)
{
    return JobQueue::dirIn(workspace) + QStringLiteral("/entry-%1.log").arg(id);
}

void QueueRunner::log(const QString &line) const
{
    const std::lock_guard<std::mutex> lock(m_logMutex); // entries end on their own threads
    if (m_log)
        m_log(line);
}

namespace {

// An entry that must wait for those running: it names the best runs or config the entries
// before it make ({best-run}, {best-runs:N}, {best-config}), or it writes where one of them
// writes (the same sweep or finder queued twice).
bool waitsForRunning(const JobQueue &queue, const QueueEntry &entry)
{
    const bool namesBest =
        std::any_of(entry.arguments.begin(), entry.arguments.end(),
                    [](const QString &a) { return a.startsWith(QLatin1String("{best-")); });
    return namesBest ||
           std::any_of(queue.entries.begin(), queue.entries.end(), [&](const QueueEntry &e) {
               return e.state == QueueEntry::State::Running && !e.outputDir.isEmpty() &&
                      e.outputDir == entry.outputDir;
           });
}

} // namespace

bool QueueRunner::run(const std::atomic<bool> *cancel, QString *error)
{
    error->clear(); // "nothing waits" is told apart from a failure by an empty error
    if (!QDir().mkpath(JobQueue::dirIn(m_workspace))) {
        *error = QStringLiteral("%1: cannot create the queue's folder")
                     .arg(JobQueue::dirIn(m_workspace));
        return false;
    }
    QLockFile runnerLock(JobQueue::dirIn(m_workspace) + QStringLiteral("/runner.lock"));
    if (!runnerLock.tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        runnerLock.getLockInfo(&pid, &host, &app);
        *error =
            QStringLiteral("the queue is already running (process %1 on %2)").arg(pid).arg(host);
        return false;
    }
    if (!resetInterrupted(error))
        return false;
    std::vector<std::thread> entries;
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!(cancel && cancel->load()) && !m_stopped && m_error.isEmpty()) {
        if (m_running < m_parallel) {
            QString problem;
            const std::optional<Taken> taken = takeNext(m_running > 0, &problem);
            m_error = problem;
            if (taken) {
                ++m_running;
                entries.emplace_back([this, taken] { runEntry(*taken); });
                continue;
            }
            if (m_running == 0)
                break; // nothing waits, or the queue is paused
        }
        // Until an entry ends; and now and then, for entries added meanwhile.
        m_ended.wait_for(lock, std::chrono::seconds(1));
    }
    m_ended.wait(lock, [this] { return m_running == 0; });
    lock.unlock();
    for (std::thread &entry : entries)
        entry.join();
    *error = m_error;
    return m_error.isEmpty();
}

// An entry still marked running was interrupted with its runner (a crash, a closed app).
// Starting again means going on: the pause is lifted.
bool QueueRunner::resetInterrupted(QString *error)
{
    return updateJobQueue(
        m_workspace,
        [](JobQueue &queue) {
            for (QueueEntry &e : queue.entries)
                if (e.state == QueueEntry::State::Running)
                    e.state = QueueEntry::State::Cancelled;
            queue.paused = false;
            return true;
        },
        error);
}

// Marks the next waiting entry running and returns it; nothing when none waits, the queue is
// paused, or the next one must wait for those still running (error stays empty), or
// when the queue cannot be read or written (error set). Called with m_mutex held.
std::optional<QueueRunner::Taken> QueueRunner::takeNext(bool othersRunning, QString *error)
{
    std::optional<Taken> taken;
    const bool ok = updateJobQueue(
        m_workspace,
        [&](JobQueue &queue) {
            m_paused = queue.paused;
            QueueEntry *next = queue.paused ? nullptr : queue.next();
            if (!next || (othersRunning && waitsForRunning(queue, *next)))
                return false;
            const bool ranBefore = next->started.isValid(); // stopped or interrupted before
            next->state = QueueEntry::State::Running;
            next->started = QDateTime::currentDateTime();
            next->ended = {};
            next->message.clear();
            taken = Taken{*next, ranBefore};
            return true;
        },
        error);
    return ok ? taken : std::nullopt;
}

// One entry on its own thread: its command, its run, its end recorded.
void QueueRunner::runEntry(const Taken &taken)
{
    const QueueEntry &entry = taken.entry;
    log(QStringLiteral("entry %1 (%2): %3 started")
            .arg(entry.id)
            .arg(queueKindName(entry.kind), entry.title));
    QueueLauncher::Outcome outcome;
    QString error;
    const std::optional<JobQueue> queue = readJobQueue(m_workspace, &error);
    if (queue) {
        const QStringList command = commandFor(taken, *queue, &outcome.error);
        if (!command.isEmpty())
            outcome = m_launcher.run(entry, command, logPath(m_workspace, entry.id));
    }
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (!queue || !finish(entry, outcome, &error))
        m_error = error;
    --m_running;
    m_ended.notify_all();
}

QStringList QueueRunner::commandFor(const Taken &taken, const JobQueue &queue, QString *problem)
{
    const QueueEntry &entry = taken.entry;
    QStringList command = entry.arguments;
    if (entry.kind == QueueEntry::Kind::Train) {
        // Only a folder this entry began is resumed (or set aside when it holds no checkpoint):
        // one that appeared since it was queued is someone else's run.
        if (!taken.ranBefore && QFileInfo::exists(entry.outputDir)) {
            *problem = QStringLiteral("%1 exists: another run took that name after the entry "
                                      "was queued; queue the config again under another "
                                      "train.run_name")
                           .arg(entry.outputDir);
            return {};
        }
        const QString config = queueOptionValue(command, QStringLiteral("--config"));
        return trainChildArguments(config, entry.outputDir, 0, problem).value_or(QStringList{});
    }
    if (!resolveQueueArguments(command, queueRunsByF1(queue, m_workspace), problem))
        return {};
    return command;
}

// Called with m_mutex held.
bool QueueRunner::finish(const QueueEntry &entry, QueueLauncher::Outcome outcome, QString *error)
{
    // A train child that ended well but left its run unfinished was stopped from outside (its
    // own Ctrl+C): the entry waits again rather than count as done.
    if (outcome.ok && entry.kind == QueueEntry::Kind::Train &&
        readRunStatus(entry.outputDir).state != RunStatus::State::Finished) {
        outcome.ok = false;
        outcome.cancelled = true;
    }
    const QueueEntry::State state = outcome.ok          ? QueueEntry::State::Done
                                    : outcome.cancelled ? QueueEntry::State::Cancelled
                                                        : QueueEntry::State::Failed;
    m_stopped = m_stopped || state == QueueEntry::State::Cancelled;
    m_done += state == QueueEntry::State::Done;
    m_failed += state == QueueEntry::State::Failed;
    log(QStringLiteral("entry %1: %2%3")
            .arg(entry.id)
            .arg(queueStateName(state),
                 outcome.error.isEmpty() ? QString() : QStringLiteral(": ") + outcome.error));
    JobQueue after;
    const bool recorded = updateJobQueue(
        m_workspace,
        [&](JobQueue &queue) {
            QueueEntry *e = queue.find(entry.id); // the app may have edited the queue meanwhile
            if (e) {
                e->state = state;
                e->message = outcome.error;
                e->ended = QDateTime::currentDateTime();
            }
            after = queue;
            return e != nullptr;
        },
        error);
    if (!recorded)
        return false;
    refreshWaiting(after);
    return true;
}

// The waiting entries' expected times again, worked out outside the queue file's lock (reading
// run folders takes a while, and the app's edits wait for that lock) and applied by id.
void QueueRunner::refreshWaiting(JobQueue queue)
{
    const QStringList runsByF1 = queueRunsByF1(queue, m_workspace);
    for (QueueEntry &waiting : queue.entries)
        if (waiting.state == QueueEntry::State::Waiting)
            refreshExpectation(waiting, m_workspace, runsByF1);
    QString ignored; // an estimate that cannot be saved is not worth stopping the queue for
    updateJobQueue(
        m_workspace,
        [&](JobQueue &current) {
            for (const QueueEntry &refreshed : queue.entries)
                if (QueueEntry *e = current.find(refreshed.id);
                    e && e->state == QueueEntry::State::Waiting) {
                    e->expectedSeconds = refreshed.expectedSeconds;
                    e->expectedSource = refreshed.expectedSource;
                }
            return true;
        },
        &ignored);
}

} // namespace masklab
