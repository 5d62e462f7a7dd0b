#pragma once
// How this process takes part in a distributed training run, as torchrun describes it in the
// environment (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT), and how an epoch's sample
// order is shared out between the ranks (as PyTorch's DistributedSampler does). No LibTorch here:
// the CLI's launcher and the tests use it too.

#include <QProcessEnvironment>
#include <QString>

#include <optional>
#include <vector>

namespace masklab {

struct DistributedSetup
{
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    int localWorldSize = 1; // the ranks on this machine, which share its cores
    QString masterAddress;  // where rank 0 hosts the rendezvous (c10d's TCP store)
    int masterPort = 0;
    // How long a rank waits for the others (rendezvous, one collective) before it gives up.
    int timeoutSeconds = 120;
    // torchrun's launcher already hosts the store at the master port
    // (TORCHELASTIC_USE_AGENT_STORE=True, newer torchrun): rank 0 connects to it too.
    bool launcherHostsStore = false;
    int restart = 0; // TORCHELASTIC_RESTART_COUNT: keys of an earlier attempt are not read
    // MASKLAB_DIST_BACKEND, "gloo" or "nccl"; empty: chosen by chooseBackend.
    QString requestedBackend;

    // A world of one that still joins a process group: WORLD_SIZE=1 with MASKLAB_DIST_BACKEND
    // set, so one machine with one GPU can prove a backend (NCCL's init and all-reduce).
    bool groupOfOne = false;

    bool active() const { return worldSize > 1 || groupOfOne; }
    bool writesRunFolder() const { return rank == 0; }
};

// The setup torchrun's variables describe (MASKLAB_DIST_TIMEOUT, in seconds, sets the timeout).
// None of them set, or WORLD_SIZE=1: a single process (in a group of one when
// MASKLAB_DIST_BACKEND names a backend). A missing or malformed one: nothing, and
// error names the variable and what it should hold.
std::optional<DistributedSetup> distributedSetupFromEnvironment(const QProcessEnvironment &env,
                                                                QString *error);

// The backend that carries the collectives of a run on GPUs (onGpu) or the CPU: the requested
// one, else NCCL on GPUs when this build's LibTorch has it, else Gloo (which takes GPU tensors
// through the host). Empty, with error saying why, when the requested one cannot be used.
QString chooseBackend(const QString &requested, bool onGpu, bool ncclBuilt, QString *error);

// A loopback port nothing listens on now, for a launcher's rendezvous, below this machine's
// ephemeral port range (0 when none is free). A rank that comes up before rank 0 listens retries
// its connection many times; on Linux, a connection to an ephemeral port of this machine can get
// that same port as its own source port and connect to itself, which then hangs. Ports below the
// range are never source ports.
int freeRendezvousPort();

// The variables a launcher gives rank `rank` of `setup`'s world (for masklab-cli --nproc).
void putDistributedEnvironment(const DistributedSetup &setup, QProcessEnvironment *env);

// Rank's part of an epoch's order: with padToEqual (training), the order is first lengthened by
// repeating its start until every rank gets the same number of samples; then every world-size-th
// sample from position `rank` on. Without padding (validation) no sample is seen twice.
std::vector<int> shardOrder(const std::vector<int> &order, int rank, int worldSize,
                            bool padToEqual);

// Step k of every rank together trains positions [k*B*W, (k+1)*B*W) of the padded order. So a run
// stopped after `batchesDone` steps with `fromWorld` ranks continues with `toWorld` ranks after
// this many steps: exactly when the samples done divide evenly, else the step holding the first
// sample not yet trained (a few samples are trained again).
int batchesDoneForWorld(int batchesDone, int fromWorld, int toWorld);

} // namespace masklab
