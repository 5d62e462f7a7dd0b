#pragma once
// The losses of the config, on 18-class logits: cross entropy, focal (gamma), label smoothing
// (epsilon), soft F1 (1 - macro F1 of the batch's soft predictions), and weighted sums.

#include "models.h"
#include "torchapi.h"
#include "trainconfig.h"

namespace masklab::trainer {

// classWeights: empty, or 18 weights (cross entropy, focal, label smoothing use them).
torch::Tensor lossOf(const LossTerm &term, const torch::Tensor &logits,
                     const torch::Tensor &targets, const torch::Tensor &classWeights);
torch::Tensor totalLoss(const LossConfig &config, const torch::Tensor &logits,
                        const torch::Tensor &targets, const torch::Tensor &classWeights);
// The training loss of one batch through the model; with augment.mixup, of the batch blended
// with itself shuffled.
torch::Tensor batchLoss(Classifier &model, const torch::Tensor &images,
                        const torch::Tensor &targets, const TrainConfig &config,
                        const torch::Tensor &weights);

} // namespace masklab::trainer
