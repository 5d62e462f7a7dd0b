#pragma once
// Data parallelism's one step after backward: every rank's gradients replaced by their mean over
// the ranks. The gradients travel in a few flat buckets (like DistributedDataParallel's 25 MB
// ones) instead of one collective per tensor, which for ResNet-50's 161 tensors would pay the
// network's latency 161 times per step.

#include "processgroup.h"

#include <vector>

namespace masklab::trainer {

class GradientAverager
{
public:
    explicit GradientAverager(ProcessGroup &group, int64_t bucketBytes = 25 << 20);

    // Averages the gradients of the trainable parameters (a missing one counts as zeros; frozen
    // ones are left alone). Every rank must pass the same parameters in the same order.
    void average(const std::vector<torch::Tensor> &parameters);
    int64_t bytesLastStep() const { return m_bytesLastStep; }
    int bucketsLastStep() const { return m_bucketsLastStep; }
    // Wall time in average() since the last takeSeconds() (packing and waiting included).
    double takeSeconds();

private:
    void reduceBucket(const std::vector<torch::Tensor> &gradients);

    ProcessGroup &m_group;
    int64_t m_bucketBytes;
    int64_t m_bytesLastStep = 0;
    int m_bucketsLastStep = 0;
    double m_seconds = 0;
};

} // namespace masklab::trainer
