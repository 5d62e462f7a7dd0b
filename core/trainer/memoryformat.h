#pragma once
// How a run lays out its images and convolution weights (internal to the trainer): contiguous
// (NCHW, LibTorch's default) or channels-last (NHWC), which oneDNN on a CPU and cuDNN's tensor
// cores convolve faster for some models and slower for others. Chosen once per run from
// train.memory_format, the model, the device and the precision.

#include "models.h"
#include "precision.h"
#include "trainconfig.h"

namespace masklab::trainer {

struct MemoryFormatChoice
{
    bool channelsLast = false;
    QString note; // why auto chose it (empty when the config named it)
};

MemoryFormatChoice chooseMemoryFormat(const TrainConfig &config, const torch::Device &device,
                                      const PrecisionChoice &precision);

// chooseMemoryFormat's answer applied to a model placed on `device` (after its weights loaded).
MemoryFormatChoice useMemoryFormat(Classifier &model, const TrainConfig &config,
                                   const torch::Device &device, const PrecisionChoice &precision);

} // namespace masklab::trainer
