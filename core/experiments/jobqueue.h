#pragma once
// The workspace's job queue: training runs, sweeps, finder jobs and predictions that run one
// after another, kept in <workspace>/queue/queue.json so that it outlives the app. Each entry is
// a masklab-cli command line; a train entry's config is a copy taken when it was queued (editing
// the config afterwards does not change what the queue trains). Arguments may name the queue's
// own results, resolved when the entry starts (resolveQueueArguments): "{best-run}",
// "{best-runs:N}" (the N best runs the queue trained, by best validation macro F1) and
// "{best-config}" (the best run's config.yaml), so "train three configs, then find errors with
// the best, then predict with the ensemble" is one queue.
//
// The app edits the file while `masklab-cli queue run` works through it: every change is a
// read-modify-write under <workspace>/queue/queue.lock (JobQueue::update), and the runner reads
// the file again before each entry, so a reorder or a pause is honoured at the next entry.

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <vector>

namespace masklab {

struct QueueEntry
{
    enum class Kind
    {
        Train,
        Sweep,
        FindErrors,
        Predict
    };
    enum class State
    {
        Waiting,
        Running,
        Done,
        Failed,
        Cancelled // stopped by the user while it ran; it waits again when the queue goes on
    };
    int id = 0; // unique in the queue, never reused
    Kind kind = Kind::Train;
    QString title;         // what the list says: the run's name, the sweep file, ...
    QStringList arguments; // masklab-cli's, command first ("train", "--config", ...)
    // Train: the run folder it trains (resumed after an interruption); Sweep: the sweep's folder,
    // whose state.json names its runs.
    QString outputDir;
    State state = State::Waiting;
    QString message;            // Failed: why (the command's last line and its log)
    double expectedSeconds = 0; // 0: unknown
    QString expectedSource;     // whose pace the expectation is from
    QDateTime started, ended;
};

QString queueKindName(QueueEntry::Kind kind);    // "train", "sweep", "find-errors", "predict"
QString queueStateName(QueueEntry::State state); // "waiting", "running", "done", ...

struct JobQueue
{
    std::vector<QueueEntry> entries; // in the order they run
    bool paused = false;             // stop after the current entry
    int nextId = 1;

    static QString dirIn(const QString &workspace); // <workspace>/queue
    QueueEntry *find(int id);
    const QueueEntry *find(int id) const;
    int waitingCount() const;
    // The entry that runs next: the first waiting one (a cancelled one waits again).
    QueueEntry *next();
    int add(QueueEntry entry); // gives it its id; returns it
    // Waiting, cancelled or ended entries only: a running one is stopped first.
    bool remove(int id, QString *error);
    // Moves a waiting entry by `by` places among the others (negative: earlier).
    bool move(int id, int by, QString *error);
};

QByteArray jobQueueJson(const JobQueue &queue);
std::optional<JobQueue> parseJobQueue(const QByteArray &json, const QString &source,
                                      QString *error);

// Reads <workspace>/queue/queue.json (an empty queue when there is none). Nothing, with the
// file and the reason in error, when it cannot be read or is damaged: the file is left as it is.
std::optional<JobQueue> readJobQueue(const QString &workspace, QString *error);
// Reads the queue under its lock, lets `change` edit it and writes it back (atomically) when
// `change` returns true. False with error set when the lock, the read or the write fail; a
// damaged file is then set aside as queue.json.damaged-<time> (error says so), never emptied,
// and the next change begins a new queue.
bool updateJobQueue(const QString &workspace, const std::function<bool(JobQueue &)> &change,
                    QString *error);

// The queue's results: the run folders its finished train entries and sweep points trained,
// best validation macro F1 first (the folds of a cross-validated point by the point's mean, so
// {best-runs:K} after a sweep with folds: K is the best point's K fold models).
QStringList queueRunsByF1(const JobQueue &queue, const QString &workspace);
// Replaces the {best-run}, {best-runs:N} and {best-config} arguments; false (error says which)
// when the queue has no finished run yet to stand in.
bool resolveQueueArguments(QStringList &arguments, const QStringList &runsByF1, QString *error);

} // namespace masklab
