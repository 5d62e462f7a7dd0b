// masklab-cli queue ACTION ...: the workspace's job queue (core/experiments/jobqueue.h).

#include "childprocess.h"
#include "commandline.h"
#include "commands.h"
#include "parallel.h"
#include "queueentries.h"
#include "queuerunner.h"
#include "runrecord.h"
#include "sweepfile.h"
#include "terminalprogress.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace masklab::cli {

namespace {

const char kQueueHelp[] =
    "Usage: masklab-cli queue list|run|pause [--workspace DIR | --dataset DIR] [--parallel N]\n"
    "       masklab-cli queue add-train --config FILE [--set key=value ...]\n"
    "       masklab-cli queue add-sweep --sweep FILE\n"
    "       masklab-cli queue add-find [--config FILE] [--folds K]\n"
    "       masklab-cli queue add-predict (--run RUN ... | --best N) --eval DIR --out FILE\n"
    "                                     [--tta hflip]\n"
    "       masklab-cli queue move ID up|down | remove ID   [--workspace DIR | --dataset DIR]\n"
    "\n"
    "The workspace's queue (<workspace>/queue/queue.json; the app's Runs tab shows and edits\n"
    "the same queue): jobs that run one after another. add-train keeps a copy of the config;\n"
    "add-find without --config uses the config of the best run the queue trained before it;\n"
    "add-predict --best N predicts with the queue's N best runs (an ensemble). run works through\n"
    "the waiting entries, each as a masklab-cli child whose log is "
    "<workspace>/queue/entry-ID.log;\n"
    "a failed entry is recorded and the next one starts. Ctrl+C stops the running entry (it\n"
    "waits again and a run resumes from its checkpoint); pause stops the queue after the running\n"
    "entry. move ID up|down moves a waiting entry one place. run --parallel N runs N entries at\n"
    "once, each with its share of the cores (MASKLAB_CORES in its environment); an entry that\n"
    "names the queue's best runs or config waits until every entry before it has ended.\n"
    "The add actions use the config's workspace unless --workspace or --dataset names one.\n"
    "Exit 0: done; 1: an entry failed; 2: usage, a refused entry or an unreadable queue.\n";

int usage(const char *message)
{
    std::fprintf(stderr, "masklab-cli queue: %s\n\n%s", message, kQueueHelp);
    return kExitUsage;
}

int failure(const QString &error)
{
    std::fprintf(stderr, "masklab-cli queue: %s\n", qPrintable(error));
    return kExitUsage;
}

QString workspaceOf(const QCommandLineParser &parser, const TrainConfig *config)
{
    if (parser.isSet(QStringLiteral("workspace")))
        return QDir(parser.value(QStringLiteral("workspace"))).absolutePath();
    if (parser.isSet(QStringLiteral("dataset")))
        return Workspace::defaultDirFor(
            QDir(parser.value(QStringLiteral("dataset"))).absolutePath());
    if (config && !config->data.workspace.isEmpty())
        return QDir(config->data.workspace).absolutePath();
    if (config && !config->data.dataset.isEmpty())
        return Workspace::defaultDirFor(QDir(config->data.dataset).absolutePath());
    return {};
}

void printQueue(const JobQueue &queue)
{
    std::printf("%4s  %-11s %-10s %10s  %s\n", "id", "kind", "state", "expected", "title");
    for (const QueueEntry &e : queue.entries) {
        const QString expected =
            e.expectedSeconds > 0 ? formatDuration(e.expectedSeconds) : QStringLiteral("-");
        std::printf("%4d  %-11s %-10s %10s  %s\n", e.id, qPrintable(queueKindName(e.kind)),
                    qPrintable(queueStateName(e.state)), qPrintable(expected), qPrintable(e.title));
        if (!e.message.isEmpty())
            std::printf("      %s\n", qPrintable(e.message));
    }
    std::printf("%d waiting%s\n", queue.waitingCount(), queue.paused ? ", paused" : "");
}

// Adds the entry `make` builds (from the queue as it is) and says so.
int addEntry(const QString &workspace,
             const std::function<std::optional<QueueEntry>(const JobQueue &, QString *)> &make)
{
    QString error, problem;
    int added = 0;
    const bool ok = updateJobQueue(
        workspace,
        [&](JobQueue &queue) {
            std::optional<QueueEntry> entry = make(queue, &problem);
            if (entry)
                added = queue.add(*entry);
            return entry.has_value();
        },
        &error);
    if (!ok || !problem.isEmpty())
        return failure(ok ? problem : error);
    std::printf("queued as entry %d in %s\n", added, qPrintable(JobQueue::dirIn(workspace)));
    return kExitOk;
}

class ChildLauncher : public QueueLauncher
{
public:
    explicit ChildLauncher(const std::atomic<bool> *cancel) : m_cancel(cancel) {}
    Outcome run(const QueueEntry &entry, const QStringList &arguments,
                const QString &logPath) override
    {
        const ChildEnd end = runCliChild(arguments, logPath, m_cancel);
        Outcome outcome;
        outcome.ok = end.started && !end.crashed && !end.interrupted &&
                     queueExitOk(entry.kind, end.exitCode);
        outcome.cancelled = !outcome.ok && end.started && end.interrupted;
        if (!outcome.ok && !outcome.cancelled)
            outcome.error = end.reason;
        return outcome;
    }

private:
    const std::atomic<bool> *m_cancel;
};

int runQueue(const QString &workspace, int parallel)
{
    // Children N at once share the cores (those this process may use, if it was given a share).
    if (parallel > 1)
        qputenv("MASKLAB_CORES", QByteArray::number(std::max(1, availableCores() / parallel)));
    const InterruptFlag interrupt;
    ChildLauncher launcher(interrupt.flag());
    QueueRunner runner(workspace, launcher);
    runner.setParallel(parallel);
    runner.setLog([](const QString &line) {
        std::printf("%s\n", qPrintable(line));
        std::fflush(stdout);
    });
    QString error;
    if (!runner.run(interrupt.flag(), &error))
        return failure(error);
    std::printf("queue: %d done, %d failed%s\n", runner.done(), runner.failed(),
                interrupt.flag()->load() ? "; stopped (queue run goes on from here)"
                : runner.paused()        ? "; paused (queue run goes on)"
                                         : "");
    return runner.failed() > 0 ? kExitFailed : kExitOk;
}

int editQueue(const QString &workspace, const QString &action, const QStringList &positional)
{
    bool isNumber = true;
    const int id = positional.value(1).toInt(&isNumber);
    const QString direction = positional.value(2);
    const bool move = action == QLatin1String("move");
    if (action != QLatin1String("pause") &&
        (!isNumber || positional.size() != (move ? 3 : 2) ||
         (move && direction != QLatin1String("up") && direction != QLatin1String("down"))))
        return usage("move takes ID and up or down, remove takes ID");
    QString error, problem;
    const bool ok = updateJobQueue(
        workspace,
        [&](JobQueue &queue) {
            if (action == QLatin1String("pause"))
                return queue.paused = true;
            if (move)
                return queue.move(id, direction == QLatin1String("up") ? -1 : 1, &problem);
            return queue.remove(id, &problem);
        },
        &error);
    if (!ok || !problem.isEmpty())
        return failure(ok ? problem : error);
    std::printf("%s\n", action == QLatin1String("pause") ? "the queue stops after the running entry"
                                                         : "done");
    return kExitOk;
}

} // namespace

int runQueueCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    for (const char *option : {"workspace", "dataset", "config", "sweep", "folds", "best", "eval",
                               "out", "tta", "parallel"})
        parser.addOption({QString::fromLatin1(option), QString(), QStringLiteral("VALUE")});
    parser.addOption({QStringLiteral("set"), QString(), QStringLiteral("key=value")});
    parser.addOption({QStringLiteral("run"), QString(), QStringLiteral("RUN")});
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "queue", arguments, kQueueHelp, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    std::optional<TrainConfig> config;
    if (parser.isSet(QStringLiteral("config")) && !(config = readConfigOptions(parser, "queue")))
        return kExitUsage;
    if (action == QLatin1String("add-sweep")) {
        QString error;
        const auto spec = readSweepFile(parser.value(QStringLiteral("sweep")), &error);
        if (!spec)
            return failure(error);
        config = spec->base;
    }
    const QString workspace = workspaceOf(parser, config ? &*config : nullptr);
    if (action.isEmpty())
        return usage("give an action (list, run, add-train, ...)");
    if (workspace.isEmpty())
        return usage("which workspace? give --workspace DIR or --dataset DIR");
    if (action == QLatin1String("list")) {
        QString error;
        const std::optional<JobQueue> queue = readJobQueue(workspace, &error);
        if (!queue)
            return failure(error);
        printQueue(*queue);
        return kExitOk;
    }
    if (action == QLatin1String("run")) {
        bool number = true;
        const int parallel = parser.isSet(QStringLiteral("parallel"))
                                 ? parser.value(QStringLiteral("parallel")).toInt(&number)
                                 : 1;
        if (!number || parallel < 1 || parallel > 64)
            return usage("--parallel takes 1 to 64 entries at once");
        return runQueue(workspace, parallel);
    }
    if (action == QLatin1String("add-train")) {
        if (!config)
            return usage("add-train needs --config FILE");
        return addEntry(workspace, [&](const JobQueue &queue, QString *error) {
            return trainQueueEntry(workspace, *config, queue, error);
        });
    }
    if (action == QLatin1String("add-sweep"))
        return addEntry(workspace, [&](const JobQueue &, QString *error) {
            return sweepQueueEntry(workspace, parser.value(QStringLiteral("sweep")), error);
        });
    if (action == QLatin1String("add-find")) {
        const int folds = parser.value(QStringLiteral("folds")).isEmpty()
                              ? 5
                              : parser.value(QStringLiteral("folds")).toInt();
        return addEntry(workspace, [&](const JobQueue &queue, QString *error) {
            return finderQueueEntry(workspace, config, folds, queue, error);
        });
    }
    if (action == QLatin1String("add-predict")) {
        const QStringList runs = parser.values(QStringLiteral("run"));
        const int best = parser.value(QStringLiteral("best")).toInt();
        const QString tta = parser.value(QStringLiteral("tta"));
        if (runs.isEmpty() == (best < 1) || !parser.isSet(QStringLiteral("eval")) ||
            !parser.isSet(QStringLiteral("out")) || !(tta.isEmpty() || tta == "hflip"))
            return usage("add-predict needs --run RUN... or --best N (not both), --eval and --out");
        return addEntry(workspace, [&](const JobQueue &, QString *) {
            return std::optional(predictQueueEntry(runs, best, parser.value("eval"),
                                                   parser.value("out"), !tta.isEmpty()));
        });
    }
    if (action == QLatin1String("move") || action == QLatin1String("remove") ||
        action == QLatin1String("pause"))
        return editQueue(workspace, action, positional);
    return usage("unknown action");
}

} // namespace masklab::cli
