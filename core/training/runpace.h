#pragma once
// How fast this machine trained a configuration before: the pace of the most recent earlier run
// of the same model, input size and batch size in the workspace (its runs and the finder's
// folds). The finder's plan, the queue and sweeps turn it into the time a job is expected to take.

#include "trainconfig.h"

#include <QString>

#include <optional>

namespace masklab {

struct Pace
{
    double imagesPerSecond = 0; // training photos per second, the median over its epochs
    double epochSeconds = 0;    // one epoch, training and validation, the median
    QString source;             // the run folder it was measured in
};

std::optional<Pace> earlierPace(const QString &workspaceDir, const TrainConfig &config);

} // namespace masklab
