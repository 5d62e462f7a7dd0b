#pragma once
// What a job (training, the error finder) reads a dataset as: its index with the relabel overlay
// of its workspace applied, and the age groups in use (the workspace's, or the config's).

#include "labeleddataset.h"
#include "trainconfig.h"

namespace masklab {

struct EffectiveLabels
{
    bool ok = false;
    QString error;
    QString datasetRoot;
    QString workspaceDir;
    LabeledDataset labels;
    AgeThresholds thresholds;
};

// Indexes data.dataset (no image decoding), loads the workspace's overlay and thresholds, and
// applies data.age_middle_from / data.age_old_from over them.
EffectiveLabels loadEffectiveLabels(const DataConfig &data);

} // namespace masklab
