// NCCL's process group, compiled with MASKLAB_WITH_NCCL only: CMake defines it when this file
// compiles against the LibTorch found (a CUDA build ships ProcessGroupNCCL; Debian's CPU build
// has its header but not NCCL or CUDA).
#include "collectives.h"

#ifdef MASKLAB_WITH_NCCL
#define USE_C10D_NCCL // c10d's NCCL header is empty without it, as PyTorch builds it
#pragma push_macro("slots")
#undef slots
#include <c10/cuda/CUDAFunctions.h>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#pragma pop_macro("slots")

#include <cstdlib>
#endif

namespace masklab::trainer {

bool ncclBuiltIn()
{
#ifdef MASKLAB_WITH_NCCL
    return true;
#else
    return false;
#endif
}

std::unique_ptr<Collectives> makeNcclCollectives(const c10::intrusive_ptr<c10d::Store> &store,
                                                 int rank, int worldSize, int gpu,
                                                 std::chrono::milliseconds timeout)
{
#ifdef MASKLAB_WITH_NCCL
    // NCCL's own buffers (and anything made on "the" GPU) go to this rank's GPU, not to GPU 0.
    c10::cuda::set_device(c10::DeviceIndex(gpu));
    // NCCL's wait() returns at once and a lost rank hangs the GPU stream; with blocking wait it
    // throws after the timeout, so the process group can name the rank that stopped. The
    // variable is read when the group is made (PyTorch 2.2 on reads the TORCH_ one).
    if (!std::getenv("NCCL_BLOCKING_WAIT") && !std::getenv("TORCH_NCCL_BLOCKING_WAIT")) {
        setenv("NCCL_BLOCKING_WAIT", "1", 0);
        setenv("TORCH_NCCL_BLOCKING_WAIT", "1", 0);
    }
    auto options = c10d::ProcessGroupNCCL::Options::create();
    options->timeout = timeout;
    return std::make_unique<C10dCollectives<c10d::ProcessGroupNCCL>>(
        c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, worldSize, options));
#else
    (void)store, (void)rank, (void)worldSize, (void)gpu, (void)timeout;
    return nullptr;
#endif
}

} // namespace masklab::trainer
