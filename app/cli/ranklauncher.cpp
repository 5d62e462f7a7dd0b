#include "ranklauncher.h"

#include "commands.h"
#include "distributedsetup.h"
#include "terminalprogress.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace masklab::cli {

namespace {

// A loopback port nothing listens on now (the system's choice, as torchrun makes it).
int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    int port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

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

QStringList withoutNproc(const QStringList &arguments)
{
    QStringList kept;
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--nproc"))
            ++i; // and its value
        else if (!arguments[i].startsWith(QLatin1String("--nproc=")))
            kept << arguments[i];
    }
    return kept;
}

int launchLocalRanks(int count, const QStringList &trainArguments)
{
    DistributedSetup setup;
    setup.worldSize = count;
    setup.masterAddress = QStringLiteral("127.0.0.1");
    setup.masterPort = freeLoopbackPort();
    QString error; // train checked the environment before it came here
    if (const auto given =
            distributedSetupFromEnvironment(QProcessEnvironment::systemEnvironment(), &error))
        setup.timeoutSeconds = given->timeoutSeconds;
    std::vector<std::unique_ptr<QProcess>> ranks;
    for (int rank = 0; rank < count; ++rank) {
        setup.rank = setup.localRank = rank;
        ranks.push_back(startRank(setup, trainArguments));
        if (!ranks.back()->waitForStarted()) {
            std::fprintf(stderr, "masklab-cli train: cannot start rank %d: %s\n", rank,
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
            const int code = exitCodeOf(process, int(rank));
            if (code != kExitOk && firstFailure < 0) {
                firstFailure = int(rank);
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
