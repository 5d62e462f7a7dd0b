#include "processgroup.h"

#include "collectives.h"
#include "failure.h"

#pragma push_macro("slots")
#undef slots
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#pragma pop_macro("slots")

#include <QHostAddress>
#include <QThread>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace masklab::trainer {

namespace {

using namespace std::chrono_literals;
constexpr auto kHeartbeat = 1s;

QString firstLine(const std::exception &e)
{
    return QString::fromLocal8Bit(e.what()).section(u'\n', 0, 0).trimmed();
}

std::string heartbeatKey(int rank)
{
    return "heartbeat/" + std::to_string(rank);
}

std::string failureKey(int rank)
{
    return "failed/" + std::to_string(rank);
}

std::string toString(const std::vector<uint8_t> &bytes)
{
    return std::string(bytes.begin(), bytes.end());
}

std::vector<uint8_t> toBytes(const std::string &text)
{
    return std::vector<uint8_t>(text.begin(), text.end());
}

// A connection to rank 0's store, under MaskLab's own key prefix. A rank's first one counts
// itself in (rank 0's waits until all have); extra ones (heartbeat, probe) do not.
c10::intrusive_ptr<c10d::Store> connectStore(const DistributedSetup &setup, bool first,
                                             std::chrono::milliseconds timeout)
{
    c10d::TCPStoreOptions options;
    options.port = uint16_t(setup.masterPort);
    options.isServer = first && setup.rank == 0 && !setup.launcherHostsStore;
    if (first)
        options.numWorkers = size_t(setup.worldSize);
    options.waitWorkers = first;
    options.timeout = timeout;
    auto store = c10::make_intrusive<c10d::TCPStore>(setup.masterAddress.toStdString(), options);
    return c10::make_intrusive<c10d::PrefixStore>("masklab/" + std::to_string(setup.restart),
                                                  store);
}

// Gloo's network device: the interface GLOO_SOCKET_IFNAME names (as PyTorch reads it), the
// loopback one when rank 0 is on this machine's loopback address, else the one this machine's
// name resolves to.
std::shared_ptr<gloo::transport::Device> glooDevice(const DistributedSetup &setup)
{
    const QByteArray interface = qgetenv("GLOO_SOCKET_IFNAME");
    if (!interface.isEmpty())
        return c10d::ProcessGroupGloo::createDeviceForInterface(interface.toStdString());
    const QHostAddress master(setup.masterAddress);
    if (master.isLoopback() || setup.masterAddress == QLatin1String("localhost"))
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

QString rendezvousFailure(const DistributedSetup &setup, const std::exception &e)
{
    const QString where = QStringLiteral("%1:%2").arg(setup.masterAddress).arg(setup.masterPort);
    if (setup.rank == 0)
        return QStringLiteral("rank 0 could not host the rendezvous on %1, or not all %2 ranks "
                              "joined it within %3 s (%4); if the port is in use, choose another "
                              "MASTER_PORT")
            .arg(where)
            .arg(setup.worldSize)
            .arg(setup.timeoutSeconds)
            .arg(firstLine(e));
    return QStringLiteral("rank %1 could not reach rank 0's rendezvous at %2 within %3 s (%4); "
                          "check MASTER_ADDR and MASTER_PORT and that rank 0 is running")
        .arg(setup.rank)
        .arg(where)
        .arg(setup.timeoutSeconds)
        .arg(firstLine(e));
}

// Before Gloo connects the ranks: every rank number taken once, and one world size. Machines
// given the same --node-rank, or different --nproc, would otherwise wait for each other until
// the timeout with nothing said.
QString checkWorld(c10d::Store &store, const DistributedSetup &setup)
{
    if (store.add("rank/" + std::to_string(setup.rank), 1) > 1)
        return QStringLiteral("two processes were started as rank %1 (machines given the same "
                              "--node-rank, or different --nproc?)")
            .arg(setup.rank);
    const std::string world = std::to_string(setup.worldSize);
    if (setup.rank == 0)
        store.set("world_size", toBytes(world));
    const std::string ranksWorld = toString(store.get("world_size"));
    if (ranksWorld == world)
        return {};
    return QStringLiteral("rank %1 was started with WORLD_SIZE %2, rank 0 with %3 (every machine "
                          "needs the same --nproc and --nnodes)")
        .arg(setup.rank)
        .arg(setup.worldSize)
        .arg(QString::fromStdString(ranksWorld));
}

} // namespace

struct ProcessGroup::Impl
{
    DistributedSetup setup;
    c10::intrusive_ptr<c10d::Store> store;
    std::unique_ptr<Collectives> gloo;
    std::unique_ptr<Collectives> nccl; // for GPU tensors, once useDevice chose it
    std::thread heartbeat;
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    bool failed = false;

    // Every rank counts up its heartbeat key each second, on a connection of its own, so that a
    // rank whose collective failed can tell which of the others stopped.
    void beat()
    {
        try {
            const auto own = connectStore(setup, false, std::chrono::seconds(setup.timeoutSeconds));
            std::unique_lock<std::mutex> lock(mutex);
            for (int64_t count = 1; !stopping; ++count) {
                own->set(heartbeatKey(setup.rank), toBytes(std::to_string(count)));
                wake.wait_for(lock, kHeartbeat, [this] { return stopping; });
            }
        } catch (const std::exception &) {
            // The store is gone (rank 0 ended): a collective will say so.
        }
    }

    // Which ranks stopped: one that left a failure in the store, else those whose heartbeat no
    // longer moves. Empty when every other rank is alive (a rank slower than the timeout).
    QString whoStopped()
    {
        const auto probe = connectStore(setup, false, 5s);
        const auto beats = [&] {
            std::vector<std::string> counts(size_t(setup.worldSize));
            for (int r = 0; r < setup.worldSize; ++r)
                if (r != setup.rank && probe->check({heartbeatKey(r)}))
                    counts[size_t(r)] = toString(probe->get(heartbeatKey(r)));
            return counts;
        };
        for (int r = 0; r < setup.worldSize; ++r)
            if (r != setup.rank && probe->check({failureKey(r)}))
                return QStringLiteral("rank %1 failed: %2")
                    .arg(r)
                    .arg(QString::fromStdString(toString(probe->get(failureKey(r)))));
        const std::vector<std::string> before = beats();
        std::this_thread::sleep_for(3 * kHeartbeat);
        const std::vector<std::string> after = beats();
        QStringList stopped;
        for (int r = 0; r < setup.worldSize; ++r)
            if (r != setup.rank && before[size_t(r)] == after[size_t(r)])
                stopped << QString::number(r);
        if (stopped.isEmpty())
            return {};
        return QStringLiteral("rank %1 stopped answering (killed, crashed or hung)")
            .arg(stopped.join(QStringLiteral(", ")));
    }
};

ProcessGroup::ProcessGroup(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
    m_impl->heartbeat = std::thread([this] { m_impl->beat(); });
}

std::unique_ptr<ProcessGroup> ProcessGroup::join(const DistributedSetup &setup, QString *error)
{
    auto impl = std::make_unique<Impl>();
    impl->setup = setup;
    const auto timeout = std::chrono::seconds(setup.timeoutSeconds);
    const QString where = QStringLiteral("%1:%2").arg(setup.masterAddress).arg(setup.masterPort);
    try {
        impl->store = connectStore(setup, true, timeout);
    } catch (const std::exception &e) {
        *error = rendezvousFailure(setup, e);
        return nullptr;
    }
    try {
        *error = checkWorld(*impl->store, setup);
    } catch (const std::exception &e) {
        *error = QStringLiteral("rank %1 did not hear from rank 0 within %2 s (%3)")
                     .arg(setup.rank)
                     .arg(setup.timeoutSeconds)
                     .arg(firstLine(e));
    }
    if (!error->isEmpty())
        return nullptr;
    try {
        auto options = c10d::ProcessGroupGloo::Options::create();
        options->devices.push_back(glooDevice(setup));
        options->timeout = timeout;
        auto glooStore = c10::make_intrusive<c10d::PrefixStore>("gloo", impl->store);
        impl->gloo = std::make_unique<C10dCollectives<c10d::ProcessGroupGloo>>(
            c10::make_intrusive<c10d::ProcessGroupGloo>(glooStore, setup.rank, setup.worldSize,
                                                        options));
    } catch (const std::exception &e) {
        *error = QStringLiteral("rank %1 could not connect to the other ranks with Gloo through "
                                "the rendezvous at %2 (%3); check MASTER_ADDR and MASTER_PORT")
                     .arg(setup.rank)
                     .arg(where)
                     .arg(firstLine(e));
        return nullptr;
    }
    return std::unique_ptr<ProcessGroup>(new ProcessGroup(std::move(impl)));
}

ProcessGroup::~ProcessGroup()
{
    {
        std::lock_guard<std::mutex> lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    m_impl->heartbeat.join();
    if (m_impl->failed)
        return;
    try { // rank 0's store must outlive the others' last use of it
        m_impl->store->add("left", 1);
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::seconds(m_impl->setup.timeoutSeconds);
        while (m_impl->setup.rank == 0 && m_impl->store->add("left", 0) < worldSize() &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(20ms);
    } catch (const std::exception &) {
        // The run is over; a rank that cannot say goodbye changes nothing.
    }
}

int ProcessGroup::rank() const
{
    return m_impl->setup.rank;
}

int ProcessGroup::localRank() const
{
    return m_impl->setup.localRank;
}

int ProcessGroup::localWorldSize() const
{
    return m_impl->setup.localWorldSize;
}

int ProcessGroup::worldSize() const
{
    return m_impl->setup.worldSize;
}

QString ProcessGroup::backend() const
{
    return m_impl->nccl ? QStringLiteral("nccl") : QStringLiteral("gloo");
}

QString ProcessGroup::useDevice(const torch::Device &device)
{
    const DistributedSetup &setup = m_impl->setup;
    QString error;
    const QString chosen =
        chooseBackend(setup.requestedBackend, device.is_cuda(), ncclBuiltIn(), &error);
    if (chosen.isEmpty())
        return error;
    // Ranks on different backends would wait for each other forever.
    if (const QString differing = ranksDiffering("backend", chosen.toStdString());
        !differing.isEmpty())
        return QStringLiteral("the ranks chose different backends: rank %1 differs from rank 0; "
                              "rank %2 chose %3 (a machine without a GPU among GPU ones?); set "
                              "MASKLAB_DIST_BACKEND the same on every rank")
            .arg(differing)
            .arg(rank())
            .arg(chosen);
    if (chosen != QLatin1String("nccl"))
        return {};
    try {
        m_impl->nccl = makeNcclCollectives(
            c10::make_intrusive<c10d::PrefixStore>("nccl", m_impl->store), rank(), worldSize(),
            device.index(), std::chrono::seconds(timeoutSeconds()));
    } catch (const std::exception &e) {
        return QStringLiteral("rank %1 could not start NCCL on GPU %2 (%3)")
            .arg(rank())
            .arg(device.index())
            .arg(firstLine(e));
    }
    return {};
}

Collectives &ProcessGroup::carrying(const torch::Tensor &tensor)
{
    return tensor.is_cuda() && m_impl->nccl ? *m_impl->nccl : *m_impl->gloo;
}

int ProcessGroup::timeoutSeconds() const
{
    return m_impl->setup.timeoutSeconds;
}

void ProcessGroup::broadcast(torch::Tensor &tensor, const char *what)
{
    try {
        carrying(tensor).broadcast(tensor);
    } catch (const std::exception &e) {
        fail(e, what);
    }
}

void ProcessGroup::sum(torch::Tensor &tensor, const char *what)
{
    try {
        carrying(tensor).sum(tensor);
    } catch (const std::exception &e) {
        fail(e, what);
    }
}

std::string ProcessGroup::fromRankZero(const std::string &key, const std::string &value)
{
    try {
        if (rank() == 0)
            m_impl->store->set(key, toBytes(value));
        return toString(m_impl->store->get(key)); // waits until rank 0 has set it
    } catch (const std::exception &e) {
        fail(e, "waiting for rank 0");
    }
}

QString ProcessGroup::ranksDiffering(const std::string &key, const std::string &value)
{
    try {
        m_impl->store->set(key + "/" + std::to_string(rank()), toBytes(value));
        QStringList differing;
        for (int r = 0; r < worldSize(); ++r) {
            // Rank 0 compares everyone with itself; the others compare themselves with rank 0.
            if (r == rank() || (rank() != 0 && r != 0))
                continue;
            if (toString(m_impl->store->get(key + "/" + std::to_string(r))) != value)
                differing << QString::number(rank() == 0 ? r : rank());
        }
        return differing.join(QStringLiteral(", "));
    } catch (const std::exception &e) {
        fail(e, "comparing the ranks' settings");
    }
}

void ProcessGroup::announceFailure(const QString &message)
{
    m_impl->failed = true;
    try {
        m_impl->store->set(failureKey(rank()), toBytes(message.toStdString()));
    } catch (const std::exception &) {
        // The store is gone too: the others find out from their own collectives.
    }
}

void ProcessGroup::fail(const std::exception &e, const char *what)
{
    m_impl->failed = true;
    QString who;
    try {
        who = m_impl->whoStopped();
    } catch (const std::exception &) {
        who = QStringLiteral("rank 0, which hosts the rendezvous, is gone");
    }
    if (who.isEmpty())
        who = QStringLiteral("every rank is alive, but one did not get there within %1 s "
                             "(MASKLAB_DIST_TIMEOUT)")
                  .arg(timeoutSeconds());
    throw RunFailure(QStringLiteral("distributed run: %1; rank %2 stops while %3 (%4)")
                         .arg(who)
                         .arg(rank())
                         .arg(QString::fromLatin1(what))
                         .arg(firstLine(e)));
}

} // namespace masklab::trainer
