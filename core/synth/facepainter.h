#pragma once
// Draws one synthetic face photo with OpenCV: a person's look in one mask state, with its own
// pose, lighting, background and mask colour.

#include "labels.h"
#include "population.h"

#include <opencv2/core.hpp>

#include <cstdint>

namespace masklab::synth {

// BGR 8-bit image of the given size. The same (look, mask, photoSeed, size) gives the same
// pixels.
cv::Mat paintFace(const PersonLook &look, MaskState mask, uint64_t photoSeed, cv::Size size);

} // namespace masklab::synth
