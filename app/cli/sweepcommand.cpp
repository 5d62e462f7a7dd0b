// masklab-cli sweep --sweep FILE [--parallel N] [--plan]

#include "childtrainer.h"
#include "commandline.h"
#include "commands.h"
#include "parallel.h"
#include "sweeprunner.h"
#include "terminalprogress.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QDir>

#include <cstdio>
#include <mutex>
#include <thread>

namespace masklab::cli {

namespace {

const char kSweepHelp[] =
    "Usage: masklab-cli sweep --sweep FILE [--parallel N] [--plan]\n"
    "\n"
    "Trains every point of a sweep file (resources/sweep-example.yaml documents it): a base\n"
    "config and the keys to vary, as a grid or random draws, optionally with successive halving\n"
    "(early_stop: at each rung's epoch the best share goes on, the rest are stopped by the\n"
    "sweep). Each point is a run folder <workspace>/runs/<name>-NNN, trained by a masklab-cli\n"
    "train child process whose log is in <workspace>/sweeps/<name>/. A run that fails is\n"
    "recorded and the sweep goes on. Ctrl+C stops after the current batch; the same command\n"
    "again goes on where it stopped (nothing finished is trained again).\n"
    "Exit 0: every point finished or was stopped by the sweep (or Ctrl+C); 1: a point failed;\n"
    "2: the sweep file or the workspace is refused before anything trains.\n"
    "\n"
    "  --sweep FILE    the sweep file\n"
    "  --parallel N    train N points at once (each with its share of the cores when\n"
    "                  train.threads is 0)\n"
    "  --plan          list the points and the epochs they cost; train nothing\n"
    "With folds: K in the file every point trains K runs (<name>-NNN-fold1..K), each\n"
    "validating on its own fold of the persons, and is scored by their mean (± std).\n";

void printPlan(const SweepSpec &spec, const std::vector<SweepPoint> &points,
               const QString &workspace)
{
    std::printf("sweep %s: %s\n", qPrintable(spec.name),
                qPrintable(describeSweepSize(spec, points)));
    for (const SweepPoint &point : points)
        std::printf("  %s  %s\n", qPrintable(point.runName(spec.name)),
                    qPrintable(point.describe()));
    std::printf("%s\n", qPrintable(describeSweepCost(spec, points, workspace)));
}

void printSummary(const SweepRunner &runner)
{
    std::vector<SweepPointState> states = runner.states();
    std::stable_sort(states.begin(), states.end(),
                     [](const auto &a, const auto &b) { return a.bestF1 > b.bestF1; });
    // A cross-validated F1 reads "0.7120 ± 0.0130 (3 folds)": its column is as wide.
    const int width = !states.empty() && states.front().folds >= 2 ? 26 : 8;
    std::printf("%-24s %-22s %6s %*s  %s\n", "run", "state", "epochs", width, "best F1", "values");
    for (const SweepPointState &s : states)
        std::printf("%-24s %-22s %6d %*s  %s\n", qPrintable(s.run),
                    qPrintable(sweepStateName(s.state)), s.epochsDone, width,
                    qPrintable(sweepPointF1(s)), qPrintable(s.values));
    if (const int best = runner.bestPoint(); best > 0)
        std::printf("best: %s, validation macro F1 %s\n",
                    qPrintable(runner.states()[size_t(best - 1)].run),
                    qPrintable(sweepPointF1(runner.states()[size_t(best - 1)])));
}

// With N runs at once, each one that would take every core gets its share instead.
void shareCores(std::vector<SweepPoint> &points, int parallel)
{
    const int cores = availableCores();
    for (SweepPoint &point : points)
        if (parallel > 1 && point.config.train.threads == 0)
            point.config.train.threads = std::max(1, cores / parallel);
}

} // namespace

int runSweep(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("sweep"), QString(), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("parallel"), QString(), QStringLiteral("N")});
    parser.addOption({QStringLiteral("plan"), QString()});
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "sweep", arguments, kSweepHelp, &exitCode))
        return exitCode;
    bool number = true;
    const int parallel = parser.isSet(QStringLiteral("parallel"))
                             ? parser.value(QStringLiteral("parallel")).toInt(&number)
                             : 1;
    if (!parser.isSet(QStringLiteral("sweep")) || !number || parallel < 1 || parallel > 64) {
        std::fprintf(stderr, "masklab-cli sweep: give --sweep FILE (and --parallel 1 to 64)\n\n%s",
                     kSweepHelp);
        return kExitUsage;
    }
    QString error;
    const auto spec = readSweepFile(parser.value(QStringLiteral("sweep")), &error);
    auto points = spec ? expandSweep(*spec, &error) : std::nullopt;
    if (!points) {
        std::fprintf(stderr, "masklab-cli sweep: %s\n", qPrintable(error));
        return kExitUsage;
    }
    const QString workspace =
        spec->base.data.workspace.isEmpty()
            ? Workspace::defaultDirFor(QDir(spec->base.data.dataset).absolutePath())
            : spec->base.data.workspace;
    printPlan(*spec, *points, workspace);
    if (spec->base.data.dataset.isEmpty()) {
        std::fprintf(stderr,
                     "masklab-cli sweep: %s: the config names no dataset; set "
                     "data.dataset under set: (or in the base config)\n",
                     qPrintable(spec->source));
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("plan")))
        return kExitOk;
    shareCores(*points, parallel);
    const InterruptFlag interrupt;
    ChildTrainer trainer(workspace + QStringLiteral("/sweeps/") + spec->name, interrupt.flag());
    SweepRunner runner(*spec, *points, workspace, trainer);
    runner.setParallel(parallel);
    std::mutex printing;
    runner.setLog([&](const QString &line) {
        const std::lock_guard<std::mutex> lock(printing);
        std::printf("%s\n", qPrintable(line));
        std::fflush(stdout);
    });
    const bool done = runner.run(interrupt.flag(), &error);
    printSummary(runner);
    if (!done && !error.isEmpty()) {
        std::fprintf(stderr, "masklab-cli sweep: %s\n", qPrintable(error));
        return kExitUsage;
    }
    if (!done)
        std::printf("stopped; masklab-cli sweep --sweep %s goes on from here\n",
                    qPrintable(parser.value(QStringLiteral("sweep"))));
    const auto &states = runner.states();
    const bool anyFailed = std::any_of(states.begin(), states.end(), [](const auto &s) {
        return s.state == SweepPointState::State::Failed;
    });
    return anyFailed ? kExitFailed : kExitOk;
}

} // namespace masklab::cli
