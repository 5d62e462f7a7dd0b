#pragma once
// masklab-cli train --nproc N: the N ranks of one distributed run on this machine, started as
// `torchrun --standalone --nproc-per-node N` would start them (RANK, WORLD_SIZE, MASTER_ADDR,
// MASTER_PORT in their environment, rank 0 hosting the rendezvous on a free loopback port).

#include <QStringList>

namespace masklab::cli {

// Runs `masklab-cli train trainArguments` as ranks 0..count-1 and waits for them all. Rank 0's
// output passes through; the others' stderr does, their stdout (the same lines) does not.
// Ctrl+C reaches every rank. When a rank fails, the others get the distributed timeout to say
// why they stop, then they are ended. Returns the first failing rank's exit code, or 0.
int launchLocalRanks(int count, const QStringList &trainArguments);

// arguments without the --nproc option (either "--nproc N" or "--nproc=N").
QStringList withoutNproc(const QStringList &arguments);

} // namespace masklab::cli
