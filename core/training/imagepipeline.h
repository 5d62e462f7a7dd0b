#pragma once
// One photo into the network's input: decode (at reduced scale when the input size allows),
// optional crop box, training augmentation, resize, RGB, normalisation, CHW floats. A plain
// function of (path, seed), so workers can run it in any order and the result is the same.

#include "trainconfig.h"

#include <QString>

#include <cstdint>

namespace masklab {

struct PipelineOptions
{
    int width = 96;
    int height = 128;
    std::array<float, 3> mean{0.485f, 0.456f, 0.406f}; // RGB
    std::array<float, 3> std{0.229f, 0.224f, 0.225f};
    std::optional<std::array<int, 4>> crop; // x, y, w, h in source pixels
    bool augment = false;
    AugmentConfig augmentation;
};

PipelineOptions pipelineOptions(const TrainConfig &config, bool training);

// Writes 3 * height * width floats (C, H, W) to out. False when the file does not decode.
bool loadSample(const QString &path, const PipelineOptions &options, uint64_t seed, float *out);

} // namespace masklab
