#include "jobqueue.h"

#include "runrecord.h"
#include "sweeprunner.h"
#include "textfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QRegularExpression>

#include <algorithm>

namespace masklab {

namespace {

const char *const kKindNames[] = {"train", "sweep", "find-errors", "predict"};
const char *const kStateNames[] = {"waiting", "running", "done", "failed", "cancelled"};

template <typename Enum, size_t N>
std::optional<Enum> enumFromName(const char *const (&names)[N], const QString &name)
{
    for (size_t i = 0; i < N; ++i)
        if (name == QLatin1String(names[i]))
            return Enum(i);
    return std::nullopt;
}

QString queueFile(const QString &workspace)
{
    return JobQueue::dirIn(workspace) + QStringLiteral("/queue.json");
}

QJsonObject entryJson(const QueueEntry &e)
{
    return QJsonObject{{"id", e.id},
                       {"kind", queueKindName(e.kind)},
                       {"title", e.title},
                       {"arguments", QJsonArray::fromStringList(e.arguments)},
                       {"output", e.outputDir},
                       {"state", queueStateName(e.state)},
                       {"message", e.message},
                       {"expected_seconds", e.expectedSeconds},
                       {"expected_from", e.expectedSource},
                       {"started", e.started.toString(Qt::ISODateWithMs)},
                       {"ended", e.ended.toString(Qt::ISODateWithMs)}};
}

std::optional<QueueEntry> entryFromJson(const QJsonObject &o)
{
    QueueEntry e;
    e.id = o.value(QStringLiteral("id")).toInt();
    const auto kind = enumFromName<QueueEntry::Kind>(kKindNames, o.value("kind").toString());
    const auto state = enumFromName<QueueEntry::State>(kStateNames, o.value("state").toString());
    const QJsonValue arguments = o.value(QStringLiteral("arguments"));
    if (e.id < 1 || !kind || !state || !arguments.isArray() || arguments.toArray().isEmpty())
        return std::nullopt;
    e.kind = *kind;
    e.state = *state;
    for (const QJsonValue &argument : arguments.toArray())
        e.arguments << argument.toString();
    e.title = o.value(QStringLiteral("title")).toString();
    e.outputDir = o.value(QStringLiteral("output")).toString();
    e.message = o.value(QStringLiteral("message")).toString();
    e.expectedSeconds = o.value(QStringLiteral("expected_seconds")).toDouble();
    e.expectedSource = o.value(QStringLiteral("expected_from")).toString();
    e.started = QDateTime::fromString(o.value("started").toString(), Qt::ISODateWithMs);
    e.ended = QDateTime::fromString(o.value("ended").toString(), Qt::ISODateWithMs);
    return e;
}

} // namespace

QString queueKindName(QueueEntry::Kind kind)
{
    return QString::fromLatin1(kKindNames[int(kind)]);
}

QString queueStateName(QueueEntry::State state)
{
    return QString::fromLatin1(kStateNames[int(state)]);
}

QString JobQueue::dirIn(const QString &workspace)
{
    return workspace + QStringLiteral("/queue");
}

QueueEntry *JobQueue::find(int id)
{
    auto it = std::find_if(entries.begin(), entries.end(), [id](auto &e) { return e.id == id; });
    return it == entries.end() ? nullptr : &*it;
}

const QueueEntry *JobQueue::find(int id) const
{
    return const_cast<JobQueue *>(this)->find(id);
}

int JobQueue::waitingCount() const
{
    return int(std::count_if(entries.begin(), entries.end(), [](const QueueEntry &e) {
        return e.state == QueueEntry::State::Waiting || e.state == QueueEntry::State::Cancelled;
    }));
}

QueueEntry *JobQueue::next()
{
    for (QueueEntry &e : entries)
        if (e.state == QueueEntry::State::Waiting || e.state == QueueEntry::State::Cancelled)
            return &e;
    return nullptr;
}

int JobQueue::add(QueueEntry entry)
{
    entry.id = nextId++;
    entries.push_back(std::move(entry));
    return entries.back().id;
}

bool JobQueue::remove(int id, QString *error)
{
    const QueueEntry *entry = find(id);
    if (!entry || entry->state == QueueEntry::State::Running) {
        *error = entry ? QStringLiteral("entry %1 is running: stop the queue first").arg(id)
                       : QStringLiteral("the queue has no entry %1").arg(id);
        return false;
    }
    entries.erase(entries.begin() + (entry - entries.data()));
    return true;
}

bool JobQueue::move(int id, int by, QString *error)
{
    const QueueEntry *entry = find(id);
    if (!entry || entry->state == QueueEntry::State::Running) {
        *error = entry ? QStringLiteral("entry %1 is running and keeps its place").arg(id)
                       : QStringLiteral("the queue has no entry %1").arg(id);
        return false;
    }
    const int from = int(entry - entries.data());
    const int to = std::clamp(from + by, 0, int(entries.size()) - 1);
    QueueEntry moved = entries[size_t(from)];
    entries.erase(entries.begin() + from);
    entries.insert(entries.begin() + to, std::move(moved));
    return true;
}

QByteArray jobQueueJson(const JobQueue &queue)
{
    QJsonArray entries;
    for (const QueueEntry &e : queue.entries)
        entries.append(entryJson(e));
    return QJsonDocument(QJsonObject{{"paused", queue.paused},
                                     {"next_id", queue.nextId},
                                     {"entries", entries}})
        .toJson();
}

std::optional<JobQueue> parseJobQueue(const QByteArray &json, const QString &source, QString *error)
{
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(json, &parseError).object();
    const QJsonValue entries = root.value(QStringLiteral("entries"));
    if (parseError.error != QJsonParseError::NoError || !entries.isArray()) {
        *error = QStringLiteral("%1: not a MaskLab queue (%2)")
                     .arg(source, parseError.error != QJsonParseError::NoError
                                      ? parseError.errorString()
                                      : QStringLiteral("no \"entries\" list"));
        return std::nullopt;
    }
    JobQueue queue;
    queue.paused = root.value(QStringLiteral("paused")).toBool();
    for (const QJsonValue &value : entries.toArray()) {
        const std::optional<QueueEntry> entry = entryFromJson(value.toObject());
        if (!entry || queue.find(entry->id)) {
            *error = QStringLiteral("%1: entry %2 is not a queue entry (id, kind, state or "
                                    "arguments missing, unknown or repeated)")
                         .arg(source)
                         .arg(queue.entries.size() + 1);
            return std::nullopt;
        }
        queue.entries.push_back(*entry);
        queue.nextId = std::max(queue.nextId, entry->id + 1);
    }
    queue.nextId = std::max(queue.nextId, root.value(QStringLiteral("next_id")).toInt());
    return queue;
}

std::optional<JobQueue> readJobQueue(const QString &workspace, QString *error)
{
    const QString path = queueFile(workspace);
    QFile file(path);
    if (!file.exists())
        return JobQueue{};
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return parseJobQueue(file.readAll(), path, error);
}

bool updateJobQueue(const QString &workspace, const std::function<bool(JobQueue &)> &change,
                    QString *error)
{
    const QString dir = JobQueue::dirIn(workspace);
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("%1: cannot create the queue's folder").arg(dir);
        return false;
    }
    QLockFile lock(dir + QStringLiteral("/queue.lock"));
    if (!lock.tryLock(10000)) {
        *error = QStringLiteral("%1/queue.lock: the queue stayed locked for 10 s").arg(dir);
        return false;
    }
    std::optional<JobQueue> queue = readJobQueue(workspace, error);
    if (!queue) {
        // Damaged rather than unreadable: kept beside, so that the queue can go on anew.
        const QString path = queueFile(workspace);
        QFile file(path);
        if (file.open(QIODevice::ReadOnly)) {
            QString ignored;
            if (!parseJobQueue(file.readAll(), path, &ignored)) {
                const QString aside = path + QStringLiteral(".damaged-") +
                                      QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
                file.close();
                if (QFile::rename(path, aside))
                    *error += QStringLiteral("; set aside as %1, the next change begins a new "
                                             "queue")
                                  .arg(aside);
            }
        }
        return false;
    }
    if (!change(*queue))
        return true;
    return writeFileAtomically(queueFile(workspace), jobQueueJson(*queue), error);
}

QStringList queueRunsByF1(const JobQueue &queue, const QString &workspace)
{
    std::vector<std::pair<double, QString>> runs;
    // score < 0: the run's own best F1.
    auto consider = [&runs](const QString &dir, double score = -1) {
        const bool seen = std::any_of(runs.begin(), runs.end(),
                                      [&](const auto &run) { return run.second == dir; });
        const RunSummary summary = summarizeRun(dir);
        if (!seen && summary.status.state == RunStatus::State::Finished)
            runs.emplace_back(score >= 0 ? score : summary.bestMacroF1,
                              dir); // a sweep queued twice counts once
    };
    for (const QueueEntry &e : queue.entries) {
        if (e.state != QueueEntry::State::Done || e.outputDir.isEmpty())
            continue;
        if (e.kind == QueueEntry::Kind::Train)
            consider(e.outputDir);
        QString ignored;
        if (e.kind == QueueEntry::Kind::Sweep)
            if (const auto points = readSweepState(e.outputDir, &ignored))
                for (const SweepPointState &point : *points)
                    // A cross-validated point's folds rank by its mean: each fold's own F1
                    // comes from another validation set, the best of them from luck.
                    for (const QString &run : point.runFolders())
                        consider(workspace + QStringLiteral("/runs/") + run,
                                 point.folds >= 2 ? point.bestF1 : -1.0);
    }
    std::stable_sort(runs.begin(), runs.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList dirs;
    for (const auto &run : runs)
        dirs << run.second;
    return dirs;
}

bool resolveQueueArguments(QStringList &arguments, const QStringList &runsByF1, QString *error)
{
    static const QRegularExpression bestRuns(QStringLiteral("^\\{best-runs:(\\d+)\\}$"));
    QStringList resolved;
    for (const QString &argument : arguments) {
        const bool placeholder = argument.startsWith(u'{') && argument.endsWith(u'}');
        if (placeholder && runsByF1.isEmpty()) {
            *error = QStringLiteral("%1: the queue has trained no finished run yet").arg(argument);
            return false;
        }
        const QRegularExpressionMatch many = bestRuns.match(argument);
        if (argument == QLatin1String("{best-run}")) {
            resolved << runsByF1.first();
        } else if (argument == QLatin1String("{best-config}")) {
            resolved << runsByF1.first() + QStringLiteral("/config.yaml");
        } else if (many.hasMatch()) {
            // Each run of an ensemble follows the option before it ("--run A --run B").
            const int n = std::min(int(runsByF1.size()), std::max(1, many.captured(1).toInt()));
            const bool afterOption = !resolved.isEmpty() && resolved.last().startsWith("--");
            const QString option = afterOption ? resolved.takeLast() : QString();
            for (int i = 0; i < n; ++i) {
                if (!option.isEmpty())
                    resolved << option;
                resolved << runsByF1[i];
            }
        } else if (placeholder) {
            *error = QStringLiteral("%1: not something the queue can stand in").arg(argument);
            return false;
        } else {
            resolved << argument;
        }
    }
    arguments = resolved;
    return true;
}

} // namespace masklab
