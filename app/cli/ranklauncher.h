#pragma once
// masklab-cli train --nproc N [--nnodes M --node-rank K --master-addr HOST --master-port P]: the
// ranks of one distributed run that live on this machine, started as torchrun's static
// rendezvous would start them (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR,
// MASTER_PORT in their environment; rank 0, on machine 0, hosts the rendezvous).

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

namespace masklab::cli {

struct RankLayout
{
    int processes = 1;      // ranks on this machine (the same on every machine)
    int nodes = 1;          // machines
    int node = 0;           // this machine's place: its ranks are node*processes ... +processes-1
    QString masterAddress;  // machine 0's address, with nodes > 1 (else a free loopback port)
    int masterPort = 29500; // torchrun's default

    // --nproc 1 with MASKLAB_DIST_BACKEND set: one rank, in a process group of its own.
    bool groupOfOne = false;

    bool launches() const { return processes > 1 || nodes > 1 || groupOfOne; }
};

// Adds the launcher's options to a train command line parser.
void addRankLayoutOptions(QCommandLineParser &parser);
// The layout the options describe; nothing, with error naming the option and why, when they are
// inconsistent or given to a process torchrun already started (WORLD_SIZE set).
std::optional<RankLayout> readRankLayout(const QCommandLineParser &parser, bool underLauncher,
                                         QString *error);

// Runs `masklab-cli train trainArguments` as this machine's ranks and waits for them all. Rank
// 0's output passes through; the others' stderr does, their stdout (the same lines) does not.
// Ctrl+C reaches every rank. When a rank fails, the others get the distributed timeout to say
// why they stop, then they are ended. Returns the first failing rank's exit code, or 0.
int launchRanks(const RankLayout &layout, const QStringList &trainArguments);

// arguments without the launcher's options (either "--nproc N" or "--nproc=N", and so on).
QStringList withoutLauncherOptions(const QStringList &arguments);

} // namespace masklab::cli
