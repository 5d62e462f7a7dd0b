#include "queuerunner.h"

#include "queueentries.h"
#include "runrecord.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLockFile>

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
    if (m_log)
        m_log(line);
}

bool QueueRunner::run(const std::atomic<bool> *cancel, QString *error)
{
    error->clear(); // "nothing waits" is told apart from a failure by an empty error
    QString ignored;
    updateJobQueue(
        m_workspace, [](JobQueue &) { return false; }, &ignored); // makes the folder
    QLockFile runnerLock(JobQueue::dirIn(m_workspace) + QStringLiteral("/runner.lock"));
    if (!runnerLock.tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        runnerLock.getLockInfo(&pid, &host, &app);
        *error =
            QStringLiteral("the queue is already running (process %1 on %2)").arg(pid).arg(host);
        return false;
    }
    // An entry still marked running was interrupted with its runner (a crash, a closed app).
    // Starting again means going on: the pause is lifted.
    const bool read = updateJobQueue(
        m_workspace,
        [](JobQueue &queue) {
            for (QueueEntry &e : queue.entries)
                if (e.state == QueueEntry::State::Running)
                    e.state = QueueEntry::State::Cancelled;
            queue.paused = false;
            return true;
        },
        error);
    if (!read)
        return false;
    while (!(cancel && cancel->load())) {
        const std::optional<QueueEntry> entry = takeNext(error);
        if (!entry)
            return error->isEmpty();
        log(QStringLiteral("entry %1 (%2): %3 started")
                .arg(entry->id)
                .arg(queueKindName(entry->kind), entry->title));
        QueueLauncher::Outcome outcome;
        std::optional<JobQueue> queue = readJobQueue(m_workspace, error);
        if (!queue)
            return false;
        const QStringList command = commandFor(*entry, *queue, &outcome.error);
        if (!command.isEmpty())
            outcome = m_launcher.run(*entry, command, logPath(m_workspace, entry->id));
        if (!finish(*entry, outcome, error))
            return false;
        if (m_stopped) // Ctrl+C, Stop, or the entry's own process stopped from outside
            return true;
    }
    return true;
}

// Marks the next waiting entry running and returns it; nothing when none waits or the queue is
// paused (error stays empty) or the queue cannot be read or written (error set).
std::optional<QueueEntry> QueueRunner::takeNext(QString *error)
{
    std::optional<QueueEntry> taken;
    const bool ok = updateJobQueue(
        m_workspace,
        [&](JobQueue &queue) {
            m_paused = queue.paused;
            QueueEntry *next = queue.paused ? nullptr : queue.next();
            if (!next)
                return false;
            m_entryRanBefore = next->started.isValid(); // stopped or interrupted before
            next->state = QueueEntry::State::Running;
            next->started = QDateTime::currentDateTime();
            next->ended = {};
            next->message.clear();
            taken = *next;
            return true;
        },
        error);
    return ok ? taken : std::nullopt;
}

QStringList QueueRunner::commandFor(const QueueEntry &entry, const JobQueue &queue,
                                    QString *problem)
{
    QStringList command = entry.arguments;
    if (entry.kind == QueueEntry::Kind::Train) {
        // Only a folder this entry began is resumed (or set aside when it holds no checkpoint):
        // one that appeared since it was queued is someone else's run.
        if (!m_entryRanBefore && QFileInfo::exists(entry.outputDir)) {
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
    m_stopped = state == QueueEntry::State::Cancelled;
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

// The waiting entries' expected times again, worked out outside the lock (reading run folders
// takes a while, and the app's edits wait for the lock) and applied by id.
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
