#pragma once
// One pass of a model over the validation photos: loss, confusion matrix and every photo's class
// probabilities (the finder and the Eval tab read them from the run folder). In a distributed
// run each rank passes over its share and the shares are summed, so every rank ends with what
// one process would have computed.

#include "batchloader.h"
#include "metrics.h"
#include "models.h"
#include "trainconfig.h"

namespace masklab::trainer {

class ProcessGroup;

struct Validation
{
    double loss = 0;
    ConfusionMatrix confusion;
    std::vector<std::pair<int, std::vector<float>>> probabilities; // sample, 18 probabilities
    std::vector<int> failedSamples;                                // did not decode
};

// A batch's images as an N x 3 x H x W tensor on device.
torch::Tensor toImages(const Batch &batch, const PipelineOptions &o, const torch::Device &device);

// With a group, over every world-size-th photo from the rank's own on, then shared.
Validation validate(Classifier &model, BatchLoader &loader, const TrainConfig &config,
                    const torch::Tensor &weights, const torch::Device &device,
                    ProcessGroup *group = nullptr);

} // namespace masklab::trainer
