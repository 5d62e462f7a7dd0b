#include "distributedsetup.h"

#include <QFile>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <random>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace masklab {

namespace {

// A variable that must hold a whole number in [min, max].
std::optional<int> readNumber(const QProcessEnvironment &env, const QString &name, int min, int max,
                              QString *error)
{
    const QString text = env.value(name);
    bool ok = false;
    const int value = text.toInt(&ok);
    if (ok && value >= min && value <= max)
        return value;
    *error = text.isEmpty()
                 ? QStringLiteral("%1 is not set; a distributed run needs RANK, WORLD_SIZE, "
                                  "MASTER_ADDR and MASTER_PORT (torchrun sets them)")
                       .arg(name)
                 : QStringLiteral("%1=%2 is not a whole number from %3 to %4")
                       .arg(name, text)
                       .arg(min)
                       .arg(max);
    return std::nullopt;
}

} // namespace

std::optional<DistributedSetup> distributedSetupFromEnvironment(const QProcessEnvironment &env,
                                                                QString *error)
{
    DistributedSetup setup;
    if (env.contains(QStringLiteral("MASKLAB_DIST_TIMEOUT"))) { // for --nproc's ranks too
        const auto timeout =
            readNumber(env, QStringLiteral("MASKLAB_DIST_TIMEOUT"), 1, 24 * 3600, error);
        if (!timeout)
            return std::nullopt;
        setup.timeoutSeconds = *timeout;
    }
    setup.requestedBackend = env.value(QStringLiteral("MASKLAB_DIST_BACKEND")).trimmed();
    if (!setup.requestedBackend.isEmpty() && setup.requestedBackend != QLatin1String("gloo") &&
        setup.requestedBackend != QLatin1String("nccl")) {
        *error = QStringLiteral("MASKLAB_DIST_BACKEND=%1: the backends are gloo and nccl (or "
                                "unset: nccl on GPUs when available, else gloo)")
                     .arg(setup.requestedBackend);
        return std::nullopt;
    }
    if (!env.contains(QStringLiteral("WORLD_SIZE")) && !env.contains(QStringLiteral("RANK")))
        return setup;
    const auto world = readNumber(env, QStringLiteral("WORLD_SIZE"), 1, 65536, error);
    if (!world)
        return std::nullopt;
    if (*world == 1 && setup.requestedBackend.isEmpty())
        return setup; // one process (with the timeout a launcher passes on)
    setup.groupOfOne = *world == 1;
    const auto rank = readNumber(env, QStringLiteral("RANK"), 0, *world - 1, error);
    const auto port =
        rank ? readNumber(env, QStringLiteral("MASTER_PORT"), 1, 65535, error) : std::nullopt;
    if (!port) {
        if (setup.groupOfOne) // perhaps a WORLD_SIZE=1 left in the shell
            *error += QStringLiteral(" (WORLD_SIZE=1 with MASKLAB_DIST_BACKEND set is a process "
                                     "group of one; unset MASKLAB_DIST_BACKEND to train in one "
                                     "process)");
        return std::nullopt;
    }
    setup.worldSize = *world;
    setup.rank = *rank;
    setup.masterPort = *port;
    setup.masterAddress = env.value(QStringLiteral("MASTER_ADDR"));
    if (setup.masterAddress.isEmpty()) {
        *error = QStringLiteral("MASTER_ADDR is not set; it names the machine of rank 0");
        return std::nullopt;
    }
    setup.launcherHostsStore = env.value(QStringLiteral("TORCHELASTIC_USE_AGENT_STORE"))
                                   .compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
    setup.restart = env.value(QStringLiteral("TORCHELASTIC_RESTART_COUNT")).toInt();
    setup.localWorldSize =
        std::max(1, env.value(QStringLiteral("LOCAL_WORLD_SIZE")).toInt()); // 0 when not set
    if (env.contains(QStringLiteral("LOCAL_RANK"))) {
        const auto local = readNumber(env, QStringLiteral("LOCAL_RANK"), 0, *world - 1, error);
        if (!local)
            return std::nullopt;
        setup.localRank = *local;
    }
    return setup;
}

void putDistributedEnvironment(const DistributedSetup &setup, QProcessEnvironment *env)
{
    env->insert(QStringLiteral("RANK"), QString::number(setup.rank));
    env->insert(QStringLiteral("LOCAL_RANK"), QString::number(setup.localRank));
    env->insert(QStringLiteral("WORLD_SIZE"), QString::number(setup.worldSize));
    env->insert(QStringLiteral("LOCAL_WORLD_SIZE"), QString::number(setup.localWorldSize));
    env->insert(QStringLiteral("MASTER_ADDR"), setup.masterAddress);
    env->insert(QStringLiteral("MASTER_PORT"), QString::number(setup.masterPort));
    env->insert(QStringLiteral("MASKLAB_DIST_TIMEOUT"), QString::number(setup.timeoutSeconds));
}

namespace {

// The first port of the range the kernel takes source ports from (Linux's default: 32768).
int ephemeralPortsFrom()
{
    QFile file(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    bool ok = false;
    const int first =
        file.open(QIODevice::ReadOnly)
            ? QString::fromLatin1(file.readAll()).simplified().section(u' ', 0, 0).toInt(&ok)
            : 0;
    return ok && first > 1024 ? first : 32768;
}

bool loopbackPortFree(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(uint16_t(port));
    const bool free =
        fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    if (fd >= 0)
        ::close(fd);
    return free;
}

} // namespace

int freeRendezvousPort()
{
    const int low = 20000, high = ephemeralPortsFrom(); // torchrun's 29400 and 29500 lie here too
    if (high - low < 100)
        return 0;
    std::mt19937 random{std::random_device{}()};
    std::uniform_int_distribution<int> pick(low, high - 1);
    for (int attempt = 0; attempt < 500; ++attempt)
        if (const int port = pick(random); loopbackPortFree(port))
            return port;
    return 0;
}

QString chooseBackend(const QString &requested, bool onGpu, bool ncclBuilt, QString *error)
{
    const QString nccl = QStringLiteral("nccl");
    if (requested == nccl && !ncclBuilt) {
        *error = QStringLiteral("MASKLAB_DIST_BACKEND=nccl, but this MaskLab was built against a "
                                "LibTorch without NCCL (a CPU build): build it against a CUDA "
                                "LibTorch, or use gloo");
        return {};
    }
    if (requested == nccl && !onGpu) {
        *error = QStringLiteral("MASKLAB_DIST_BACKEND=nccl, but this rank trains on the CPU "
                                "(train.device is cpu, or no GPU was found) and NCCL carries GPU "
                                "tensors only: use gloo");
        return {};
    }
    if (!requested.isEmpty())
        return requested;
    return onGpu && ncclBuilt ? nccl : QStringLiteral("gloo");
}

std::vector<int> shardOrder(const std::vector<int> &order, int rank, int worldSize, bool padToEqual)
{
    std::vector<int> padded = order;
    if (padToEqual && !order.empty())
        for (size_t i = 0; padded.size() % size_t(worldSize) != 0; ++i)
            padded.push_back(order[i % order.size()]);
    std::vector<int> shard;
    for (size_t i = size_t(rank); i < padded.size(); i += size_t(worldSize))
        shard.push_back(padded[i]);
    return shard;
}

int batchesDoneForWorld(int batchesDone, int fromWorld, int toWorld)
{
    return int(int64_t(batchesDone) * fromWorld / toWorld);
}

} // namespace masklab
