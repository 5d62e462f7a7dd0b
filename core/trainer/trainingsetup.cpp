#include "trainingsetup.h"

#include "random.h"
#include "trainer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace masklab::trainer {

torch::Device chooseDevice(TrainingConfig::Device wanted, QString *why)
{
    const bool cuda = torch::cuda::is_available();
    if (wanted == TrainingConfig::Device::Cuda && !cuda)
        *why = QStringLiteral("CUDA was asked for but is not available; training on the CPU");
    if (wanted != TrainingConfig::Device::Cpu && cuda)
        return torch::Device(torch::kCUDA, 0);
    return torch::Device(torch::kCPU);
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerConfig &c,
                                                       std::vector<torch::Tensor> params)
{
    switch (c.kind) {
    case OptimizerConfig::Kind::Sgd:
        return std::make_unique<torch::optim::SGD>(params,
                                                   torch::optim::SGDOptions(c.lr)
                                                       .momentum(c.momentum)
                                                       .nesterov(c.nesterov && c.momentum > 0)
                                                       .weight_decay(c.weightDecay));
    case OptimizerConfig::Kind::Adam:
        return std::make_unique<torch::optim::Adam>(
            params, torch::optim::AdamOptions(c.lr).weight_decay(c.weightDecay));
    case OptimizerConfig::Kind::AdamW:
        break;
    }
    return std::make_unique<torch::optim::AdamW>(
        params, torch::optim::AdamWOptions(c.lr).weight_decay(c.weightDecay));
}

torch::Tensor classWeights(const LossConfig &loss, const std::vector<Sample> &samples)
{
    if (loss.classWeights == LossConfig::ClassWeights::None)
        return {};
    std::vector<float> w(size_t(kClassCount), 1.0f);
    if (loss.classWeights == LossConfig::ClassWeights::Custom) {
        for (size_t c = 0; c < w.size(); ++c)
            w[c] = float(loss.customWeights[c]);
    } else { // inverse frequency, scaled so a balanced set gets weights of 1
        const std::vector<int> counts = classHistogram(samples);
        for (size_t c = 0; c < w.size(); ++c)
            w[c] = counts[c] > 0 ? float(samples.size()) / float(kClassCount * counts[c]) : 0.0f;
    }
    return torch::tensor(w);
}

std::vector<int> epochOrder(const TrainConfig &config, const std::vector<Sample> &samples,
                            uint64_t seed)
{
    Rng rng(seed);
    std::vector<int> order(samples.size());
    if (config.train.sampler == TrainingConfig::Sampler::ClassBalanced) {
        const std::vector<int> counts = classHistogram(samples);
        std::vector<double> weights;
        for (const Sample &s : samples)
            weights.push_back(1.0 / counts[size_t(s.label)]);
        std::vector<double> cumulative(weights.size());
        std::partial_sum(weights.begin(), weights.end(), cumulative.begin());
        for (int &index : order)
            index = int(std::lower_bound(cumulative.begin(), cumulative.end(),
                                         rng.uniform() * cumulative.back()) -
                        cumulative.begin());
        return order;
    }
    std::iota(order.begin(), order.end(), 0);
    for (size_t i = order.size(); i > 1; --i)
        std::swap(order[i - 1], order[size_t(rng.range(0, int(i) - 1))]);
    return order;
}

std::vector<Component> runtimeComponents()
{
    const QString version = QStringLiteral("%1.%2.%3")
                                .arg(TORCH_VERSION_MAJOR)
                                .arg(TORCH_VERSION_MINOR)
                                .arg(TORCH_VERSION_PATCH);
    const QString device =
        torch::cuda::is_available()
            ? QStringLiteral("CUDA, %1 device(s)").arg(torch::cuda::device_count())
            : QStringLiteral("CPU");
    std::vector<Component> components = coreComponents();
    components.push_back({QStringLiteral("LibTorch"), QStringLiteral("%1, %2").arg(version, device),
                          QStringLiteral("BSD-3-Clause")});
    return components;
}

} // namespace masklab::trainer
