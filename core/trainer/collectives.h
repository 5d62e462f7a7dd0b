#pragma once
// The two collectives data parallelism needs, over a c10d backend: Gloo (CPU tensors, or GPU ones
// through the host) or NCCL (GPU tensors, GPU to GPU). The process group keeps one of each kind
// it uses; this header is what it needs to know of them.

#include "torchapi.h"

#pragma push_macro("slots")
#undef slots
#include <torch/csrc/distributed/c10d/Store.hpp>
#pragma pop_macro("slots")

#include <chrono>
#include <memory>
#include <vector>

namespace masklab::trainer {

class Collectives
{
public:
    virtual ~Collectives() = default;
    virtual void broadcast(torch::Tensor &tensor) = 0; // rank 0's, in place on every rank
    virtual void sum(torch::Tensor &tensor) = 0;       // in place on every rank
};

// One c10d group class (ProcessGroupGloo, ProcessGroupNCCL: PyTorch 1.x derives them from
// ProcessGroup, 2.x from Backend, so the class is a template parameter, not a base).
template <class Group> class C10dCollectives : public Collectives
{
public:
    explicit C10dCollectives(c10::intrusive_ptr<Group> group) : m_group(std::move(group)) {}
    void broadcast(torch::Tensor &tensor) override
    {
        std::vector<at::Tensor> tensors{tensor};
        m_group->broadcast(tensors)->wait();
    }
    void sum(torch::Tensor &tensor) override
    {
        std::vector<at::Tensor> tensors{tensor};
        m_group->allreduce(tensors)->wait();
    }

private:
    c10::intrusive_ptr<Group> m_group;
};

// Whether this build's LibTorch has NCCL (a CUDA build whose NCCL process group compiled).
bool ncclBuiltIn();
// NCCL's group over `store`, for tensors on this rank's GPU `gpu` (made the current one); its
// collectives throw once `timeout` passes. Nothing when ncclBuiltIn() is false.
std::unique_ptr<Collectives> makeNcclCollectives(const c10::intrusive_ptr<c10d::Store> &store,
                                                 int rank, int worldSize, int gpu,
                                                 std::chrono::milliseconds timeout);

} // namespace masklab::trainer
