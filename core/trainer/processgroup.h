#pragma once
// The ranks of a distributed run, joined through PyTorch's own engine (c10d): rank 0 hosts a TCP
// store for the rendezvous; Gloo carries the collectives between CPU tensors, and NCCL those
// between GPU tensors when the run trains on GPUs and LibTorch has it. A collective
// that fails (a rank was killed, crashed or hangs past the timeout) throws a RunFailure that
// names the rank, found from the heartbeats every rank leaves in the store.

#include "distributedsetup.h"
#include "torchapi.h"

#include <QString>

#include <memory>
#include <string>

namespace masklab::trainer {

class Collectives;

class ProcessGroup
{
public:
    // Joins the group `setup` describes: rank 0 listens on the master port, the others connect.
    // Nothing, with error saying why (port in use, rank 0 unreachable, a rank missing after the
    // timeout), when it cannot.
    static std::unique_ptr<ProcessGroup> join(const DistributedSetup &setup, QString *error);
    // Rank 0 keeps the store open until every rank has left it (or the timeout passed).
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup &) = delete;
    ProcessGroup &operator=(const ProcessGroup &) = delete;

    int rank() const;
    int localRank() const;      // among the ranks of this machine: which GPU it takes
    int localWorldSize() const; // the ranks of this machine
    int worldSize() const;
    QString backend() const; // of the gradients: "nccl" once useDevice chose it, else "gloo"
    // The backend for a run on `device` (MASKLAB_DIST_BACKEND, or NCCL on GPUs when LibTorch has
    // it); every rank must choose the same. Empty, or why it cannot be used.
    QString useDevice(const torch::Device &device);
    int timeoutSeconds() const;

    // Rank 0's tensor, in place on every rank; `what` says in a failure what the ranks were doing.
    void broadcast(torch::Tensor &tensor, const char *what);
    // The sum over the ranks, in place on every rank.
    void sum(torch::Tensor &tensor, const char *what);

    // Rank 0's value of key, on every rank (rank 0 passes it, the others get it).
    std::string fromRankZero(const std::string &key, const std::string &value);
    // Empty when every rank passed the same value under key; else which ranks differ from rank 0.
    QString ranksDiffering(const std::string &key, const std::string &value);
    // Leaves this rank's failure in the store, so that the others say why they stop.
    void announceFailure(const QString &message);

private:
    struct Impl;
    explicit ProcessGroup(std::unique_ptr<Impl> impl);
    [[noreturn]] void fail(const std::exception &e, const char *what);
    Collectives &carrying(const torch::Tensor &tensor);
    std::unique_ptr<Impl> m_impl;
};

} // namespace masklab::trainer
