#pragma once
// One pass of a model over the validation photos: loss, confusion matrix and every photo's class
// probabilities (the finder and the Eval tab read them from the run folder).

#include "batchloader.h"
#include "metrics.h"
#include "models.h"
#include "trainconfig.h"

namespace masklab::trainer {

struct Validation
{
    double loss = 0;
    ConfusionMatrix confusion;
    std::vector<std::pair<int, std::vector<float>>> probabilities; // sample, 18 probabilities
    std::vector<int> failedSamples;                                // did not decode
};

// A batch's images as an N x 3 x H x W tensor on device.
torch::Tensor toImages(const Batch &batch, const PipelineOptions &o, const torch::Device &device);

Validation validate(Classifier &model, BatchLoader &loader, const TrainConfig &config,
                    const torch::Tensor &weights, const torch::Device &device);

} // namespace masklab::trainer
