#include "ranklauncher.h"

#include "commands.h"
#include "distributedsetup.h"
#include "terminalprogress.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>

#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <unistd.h>
#include <vector>

namespace masklab::cli {

namespace {

std::unique_ptr<QProcess> startRank(const DistributedSetup &setup, const QStringList &arguments)
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    putDistributedEnvironment(setup, &env);
    process->setProcessEnvironment(env);
    if (setup.rank == 0) {
        process->setProcessChannelMode(QProcess::ForwardedChannels);
    } else {
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->setStandardOutputFile(QProcess::nullDevice());
    }
    process->start(QCoreApplication::applicationFilePath(),
                   QStringList{QStringLiteral("train")} + arguments);
    return process;
}

int exitCodeOf(const QProcess &process, int rank)
{
    if (process.exitStatus() == QProcess::NormalExit)
        return process.exitCode();
    std::fprintf(stderr, "masklab-cli train: rank %d ended abnormally (%s)\n", rank,
                 qPrintable(process.errorString()));
    return kExitFailed;
}

} // namespace

namespace {

const QStringList kLauncherOptions{QStringLiteral("nproc"), QStringLiteral("nnodes"),
                                   QStringLiteral("node-rank"), QStringLiteral("master-addr"),
                                   QStringLiteral("master-port")};

// The value of a whole-number option, or nothing with error saying what was expected.
std::optional<int> readCount(const QCommandLineParser &parser, const QString &option, int low,
                             int high, QString *error)
{
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (ok && value >= low && value <= high)
        return value;
    *error = QStringLiteral("--%1 %2: expected a whole number from %3 to %4")
                 .arg(option, parser.value(option))
                 .arg(low)
                 .arg(high);
    return std::nullopt;
}

QString firstGiven(const QCommandLineParser &parser, const QStringList &options)
{
    for (const QString &option : options)
        if (parser.isSet(option))
            return option;
    return {};
}

} // namespace

void addRankLayoutOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("nproc"), QString(), QStringLiteral("N")});
    parser.addOption({QStringLiteral("nnodes"), QString(), QStringLiteral("M")});
    parser.addOption({QStringLiteral("node-rank"), QString(), QStringLiteral("K")});
    parser.addOption({QStringLiteral("master-addr"), QString(), QStringLiteral("HOST")});
    parser.addOption({QStringLiteral("master-port"), QString(), QStringLiteral("PORT")});
}

std::optional<RankLayout> readRankLayout(const QCommandLineParser &parser, bool underLauncher,
                                         QString *error)
{
    RankLayout layout;
    if (underLauncher) {
        if (const QString option = firstGiven(parser, kLauncherOptions); !option.isEmpty()) {
            *error = QStringLiteral("--%1 is the launcher's; under torchrun (WORLD_SIZE is set) "
                                    "leave it out")
                         .arg(option);
            return std::nullopt;
        }
        return layout;
    }
    const auto read = [&](const QString &option, int low, int high, int *into) {
        if (!parser.isSet(option))
            return true;
        const std::optional<int> value = readCount(parser, option, low, high, error);
        if (value)
            *into = *value;
        return value.has_value();
    };
    if (!read(QStringLiteral("nproc"), 1, 256, &layout.processes) ||
        !read(QStringLiteral("nnodes"), 1, 1024, &layout.nodes))
        return std::nullopt;
    if (layout.nodes == 1) { // the options that place this machine among several
        if (const QString option = firstGiven(parser, kLauncherOptions.mid(2)); !option.isEmpty()) {
            *error = QStringLiteral("--%1 places this machine among several: it needs --nnodes 2 "
                                    "or more")
                         .arg(option);
            return std::nullopt;
        }
        return layout;
    }
    if (!read(QStringLiteral("node-rank"), 0, layout.nodes - 1, &layout.node) ||
        !read(QStringLiteral("master-port"), 1, 65535, &layout.masterPort))
        return std::nullopt;
    layout.masterAddress = parser.value(QStringLiteral("master-addr")).trimmed();
    if (!parser.isSet(QStringLiteral("node-rank")) || layout.masterAddress.isEmpty()) {
        *error = QStringLiteral("--nnodes %1 needs --node-rank (this machine's place, 0 to %2) and "
                                "--master-addr (the address of machine 0, where rank 0 runs)")
                     .arg(layout.nodes)
                     .arg(layout.nodes - 1);
        return std::nullopt;
    }
    return layout;
}

QStringList withoutLauncherOptions(const QStringList &arguments)
{
    QStringList kept;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        bool launcher = false;
        for (const QString &option : kLauncherOptions) {
            if (argument == QLatin1String("--") + option) {
                launcher = true;
                ++i; // and its value
            } else if (argument.startsWith(QLatin1String("--") + option + u'=')) {
                launcher = true;
            }
        }
        if (!launcher)
            kept << argument;
    }
    return kept;
}

int launchRanks(const RankLayout &layout, const QStringList &trainArguments)
{
    DistributedSetup setup;
    setup.worldSize = layout.nodes * layout.processes;
    setup.localWorldSize = layout.processes;
    const bool alone = layout.nodes == 1;
    setup.masterAddress = alone ? QStringLiteral("127.0.0.1") : layout.masterAddress;
    setup.masterPort = alone ? freeRendezvousPort() : layout.masterPort;
    QString error; // train checked the environment before it came here
    if (const auto given =
            distributedSetupFromEnvironment(QProcessEnvironment::systemEnvironment(), &error))
        setup.timeoutSeconds = given->timeoutSeconds;
    const int first = layout.node * layout.processes;
    if (!alone) { // this machine prints only errors unless it has rank 0: say where it stands
        const QString here =
            layout.processes == 1
                ? QStringLiteral("rank %1").arg(first)
                : QStringLiteral("ranks %1-%2").arg(first).arg(first + layout.processes - 1);
        std::fprintf(stderr,
                     "masklab-cli train: %s of %d on this machine (node %d of %d), meeting "
                     "rank 0 at %s:%d\n",
                     qPrintable(here), setup.worldSize, layout.node, layout.nodes,
                     qPrintable(setup.masterAddress), setup.masterPort);
    }
    std::vector<std::unique_ptr<QProcess>> ranks;
    for (int local = 0; local < layout.processes; ++local) {
        setup.localRank = local;
        setup.rank = first + local;
        ranks.push_back(startRank(setup, trainArguments));
        if (!ranks.back()->waitForStarted()) {
            std::fprintf(stderr, "masklab-cli train: cannot start rank %d: %s\n", setup.rank,
                         qPrintable(ranks.back()->errorString()));
            for (const auto &process : ranks)
                process->kill();
            return kExitUsage;
        }
    }
    const InterruptFlag interrupt;
    bool forwarded = false;
    int firstFailure = -1, result = kExitOk;
    QDeadlineTimer grace(QDeadlineTimer::Forever);
    for (size_t running = ranks.size(); running > 0;) {
        running = 0;
        for (size_t rank = 0; rank < ranks.size(); ++rank) {
            QProcess &process = *ranks[rank];
            if (process.state() == QProcess::NotRunning)
                continue;
            if (!process.waitForFinished(20)) {
                ++running;
                continue;
            }
            const int code = exitCodeOf(process, first + int(rank));
            if (code != kExitOk && firstFailure < 0) {
                firstFailure = first + int(rank);
                result = code;
                grace.setRemainingTime(std::chrono::seconds(setup.timeoutSeconds + 15));
            }
        }
        if (interrupt.flag()->load() && !forwarded) { // Ctrl+C, or the GUI's Stop
            forwarded = true;
            for (const auto &process : ranks)
                if (process->state() != QProcess::NotRunning)
                    ::kill(pid_t(process->processId()), SIGINT);
        }
        if (running > 0 && grace.hasExpired()) {
            std::fprintf(stderr,
                         "masklab-cli train: rank %d failed and %zu ranks did not end within "
                         "%d s; ending them\n",
                         firstFailure, running, setup.timeoutSeconds + 15);
            for (const auto &process : ranks)
                process->kill();
        }
    }
    return result;
}

} // namespace masklab::cli
