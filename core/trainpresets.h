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

const std::vector<TrainPreset> &trainPresets();
// The preset's config, keeping the data section of base (dataset, workspace, age groups).
TrainConfig applyTrainPreset(const TrainPreset &preset, const TrainConfig &base);

} // namespace masklab
