#pragma once
// Named starting points for a training configuration, offered by the GUI's config editor. Each
// is a YAML fragment applied over the defaults (resources/train-default.yaml).

#include "trainconfig.h"

#include <QString>

#include <vector>

namespace masklab {

struct TrainPreset
{
    QString name;
    QString description;
    QByteArray yaml; // over the defaults
};

// Today's default recipe, offered when ImageNet weights cannot be had.
inline constexpr const char *kFromScratchPreset = "From scratch";

const std::vector<TrainPreset> &trainPresets();
int trainPresetIndex(const QString &name); // -1 when there is none of that name
// The preset's config, keeping the data section of base (dataset, workspace, age groups).
TrainConfig applyTrainPreset(const TrainPreset &preset, const TrainConfig &base);

} // namespace masklab
