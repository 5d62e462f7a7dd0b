#pragma once
// What a run trains on: the dataset's effective labels (relabel overlay applied, excluded
// photos left out), the age groups in use, and the person-level split into samples.

#include "samples.h"
#include "skippedphotos.h"
#include "trainconfig.h"

namespace masklab::trainer {

struct TrainingData
{
    bool ok = false;
    QString error;
    QString datasetRoot;
    AgeThresholds thresholds;
    std::vector<Sample> train;
    std::vector<Sample> validation;
    // Photos of the split whose headers say they are broken or cut short: left out of train
    // and validation, and listed by the run.
    std::vector<SkippedPhoto> skipped;
    int trainPersons = 0;
    int validationPersons = 0;
    // With data.normalize: dataset, the train photos' channel statistics (from the workspace's
    // EDA cache, or computed and cached); note says which.
    std::array<double, 3> mean{};
    std::array<double, 3> std{};
    QString note;
};

// writeCache: the image statistics computed for data.normalize: dataset go into the workspace
// (off on all but one rank of a distributed run).
TrainingData prepareTrainingData(const TrainConfig &config, bool writeCache = true);

} // namespace masklab::trainer
