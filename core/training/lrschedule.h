#pragma once
// The learning rate at any point of a run, from the scheduler keys. Schedules step per batch
// (warm-up and cosine in iterations, as recipes do); a run written before that existed keeps
// stepping per epoch (scheduler.interval: epoch), so that its resume is exact.

#include "trainconfig.h"

namespace masklab {

// The rate for batch `batch` (0-based) of `batches` in epoch `epoch` (0-based).
double learningRate(const TrainConfig &config, int epoch, int batch, int batches);

// Why the schedule deserves a second look, or nothing: a warm-up longer than a quarter of the
// run spends much of it below the peak rate.
QString scheduleWarning(const TrainConfig &config);

} // namespace masklab
