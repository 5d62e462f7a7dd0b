#pragma once
// The losses of the config, on 18-class logits: cross entropy, focal (gamma), label smoothing
// (epsilon), soft F1 (1 - macro F1 of the batch's soft predictions), and weighted sums; with an
// age head of years, the years' own term beside them.

#include "models.h"
#include "torchapi.h"
#include "trainconfig.h"

namespace masklab::trainer {

// classWeights: empty, or 18 weights (cross entropy, focal, label smoothing use them).
torch::Tensor lossOf(const LossTerm &term, const torch::Tensor &logits,
                     const torch::Tensor &targets, const torch::Tensor &classWeights);
torch::Tensor totalLoss(const LossConfig &config, const torch::Tensor &logits,
                        const torch::Tensor &targets, const torch::Tensor &classWeights);
// The years head's target per sample: a Gaussian of sigma years around the stated age, kept
// within the stated group (the group is the label's, so an age relabelled to another group is
// taught as that group's nearest year); an unknown age (< 0) spreads evenly over its group.
// ages: float, per sample; groups: the labels' age groups (0..2). Rows sum to 1.
torch::Tensor ageYearsTarget(const torch::Tensor &ages, const torch::Tensor &groups,
                             const AgeThresholds &bounds, double sigma);

// The training loss of one batch through the model: the config's terms on the 18 classes and,
// with a years head, the cross entropy of its years against ageYearsTarget. ages: the samples'
// ages in years (float). With augment.mixup, of the batch blended with itself shuffled.
torch::Tensor batchLoss(Classifier &model, const torch::Tensor &images,
                        const torch::Tensor &targets, const torch::Tensor &ages,
                        const TrainConfig &config, const torch::Tensor &weights);

} // namespace masklab::trainer
