#include "gradientaverager.h"

#include <chrono>

namespace masklab::trainer {

GradientAverager::GradientAverager(ProcessGroup &group, int64_t bucketBytes)
    : m_group(group), m_bucketBytes(bucketBytes)
{
}

void GradientAverager::average(const std::vector<torch::Tensor> &parameters)
{
    const auto start = std::chrono::steady_clock::now();
    m_bytesLastStep = 0;
    m_bucketsLastStep = 0;
    std::vector<torch::Tensor> bucket;
    int64_t bucketBytes = 0;
    for (torch::Tensor p : parameters) {
        if (!p.requires_grad()) // frozen: the same on every rank
            continue;
        // A rank whose batch had no photo ran no backward: it contributes zeros, so that every
        // rank packs the same buckets.
        if (!p.grad().defined())
            p.mutable_grad() = torch::zeros_like(p);
        const torch::Tensor &grad = p.grad();
        const int64_t bytes = grad.numel() * int64_t(grad.element_size());
        if (!bucket.empty() && (bucketBytes + bytes > m_bucketBytes ||
                                grad.scalar_type() != bucket.front().scalar_type())) {
            reduceBucket(bucket);
            bucket.clear();
            bucketBytes = 0;
        }
        bucket.push_back(grad);
        bucketBytes += bytes;
    }
    if (!bucket.empty())
        reduceBucket(bucket);
    m_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double GradientAverager::takeSeconds()
{
    const double seconds = m_seconds;
    m_seconds = 0;
    return seconds;
}

void GradientAverager::reduceBucket(const std::vector<torch::Tensor> &gradients)
{
    std::vector<torch::Tensor> flat;
    for (const torch::Tensor &g : gradients)
        flat.push_back(g.reshape({-1}));
    torch::Tensor buffer = torch::cat(flat);
    m_group.sum(buffer, "averaging gradients");
    buffer.div_(m_group.worldSize());
    int64_t offset = 0;
    for (const torch::Tensor &g : gradients) {
        torch::Tensor grad = g; // shares the parameter's gradient storage
        grad.copy_(buffer.narrow(0, offset, g.numel()).view_as(g));
        offset += g.numel();
    }
    m_bytesLastStep += buffer.numel() * int64_t(buffer.element_size());
    ++m_bucketsLastStep;
}

} // namespace masklab::trainer
