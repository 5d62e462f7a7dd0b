#pragma once
// Grad-CAM's arithmetic (internal to the trainer): each channel of a feature map weighted by the
// mean gradient of a score with respect to it, summed, the negative part cut off, scaled to
// 0..1 and resized to the input's size.

#include "explainer.h"
#include "models.h"
#include "torchapi.h"

namespace masklab::trainer {

// featureMap: 1 x C x h x w, part of the graph that computed score (a scalar). Returns
// height x width floats in 0..1 (all zero when nothing speaks for the score).
torch::Tensor gradCam(const torch::Tensor &featureMap, const torch::Tensor &score, int64_t height,
                      int64_t width);

// Grad-CAM for one head of the model's answer on one input image (1 x 3 x H x W): heat, size,
// answer and probability (not the crop, which the run's config knows).
Explanation explainImage(Classifier &model, const torch::Tensor &image, ExplainHead head);

} // namespace masklab::trainer
