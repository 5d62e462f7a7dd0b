#pragma once
// The parts of a training run that the config chooses: device, optimizer, class weights, and the
// order of an epoch's training samples (the learning rate: lrschedule.h).

#include "samples.h"
#include "torchapi.h"
#include "trainconfig.h"

#include <QString>

#include <memory>

namespace masklab::trainer {

// CUDA when wanted (auto or cuda) and available; why says when cuda was asked for but is absent.
torch::Device chooseDevice(TrainingConfig::Device wanted, QString *why);
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerConfig &c,
                                                       std::vector<torch::Tensor> params);
// Empty (no weights) or 18 class weights for the losses.
torch::Tensor classWeights(const LossConfig &loss, const std::vector<Sample> &samples);
// The order of an epoch's training samples: shuffled, or drawn by inverse class frequency.
std::vector<int> epochOrder(const TrainConfig &config, const std::vector<Sample> &samples,
                            uint64_t seed);

} // namespace masklab::trainer
