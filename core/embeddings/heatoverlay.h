#pragma once
// A heat map (Grad-CAM's, at the model's input size) drawn over the photo it explains: resized
// onto the part of the photo the model saw (the crop box, or the whole photo) and blended in
// with a blue-to-red colour ramp, stronger where the heat is. For the photo viewer's toggle and
// masklab-cli explain.

#include <QString>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace masklab {

struct OverlayImage
{
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgb; // height x width x 3
};

// Nothing when the photo does not decode or the heat map is empty (error says which).
std::optional<OverlayImage> drawHeatOverlay(const QString &photo, const std::vector<float> &heat,
                                            int heatWidth, int heatHeight,
                                            const std::optional<std::array<int, 4>> &crop,
                                            QString *error);
bool writeOverlayPng(const OverlayImage &image, const QString &path, QString *error);

} // namespace masklab
