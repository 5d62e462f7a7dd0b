#include "lrschedule.h"

#include <algorithm>
#include <cmath>

namespace masklab {

namespace {

// Half a cosine from `from` (at t = 0) to `to` (at t = 1).
double cosineBetween(double from, double to, double t)
{
    return to + 0.5 * (from - to) * (1 + std::cos(M_PI * std::clamp(t, 0.0, 1.0)));
}

// The rates of runs from before per-batch schedules, one per epoch, as they trained.
double perEpochRate(const SchedulerConfig &s, double base, int epochs, int epoch)
{
    switch (s.kind) {
    case SchedulerConfig::Kind::None:
        return base;
    case SchedulerConfig::Kind::Step:
        return base * std::pow(s.gamma, epoch / s.stepEpochs);
    case SchedulerConfig::Kind::Cosine: {
        if (epoch < s.warmupEpochs)
            return base * (epoch + 1) / (s.warmupEpochs + 1);
        const double t = double(epoch - s.warmupEpochs) / std::max(1, epochs - s.warmupEpochs);
        return 0.5 * base * (1 + std::cos(M_PI * t));
    }
    case SchedulerConfig::Kind::OneCycle: {
        const double peak = std::max(1.0, 0.3 * epochs);
        if (epoch < peak)
            return base / 25 + (base - base / 25) * epoch / peak;
        const double t = (epoch - peak) / std::max(1.0, epochs - peak);
        return base / 1e4 + 0.5 * (base - base / 1e4) * (1 + std::cos(M_PI * t));
    }
    }
    return base;
}

// Per batch: `done` epochs (fractional) have passed when the batch starts, `step` is one
// batch in epochs.
double perBatchRate(const SchedulerConfig &s, double base, int epochs, double done, double step)
{
    switch (s.kind) {
    case SchedulerConfig::Kind::None:
        return base;
    case SchedulerConfig::Kind::Step:
        return base * std::pow(s.gamma, std::floor(done / s.stepEpochs));
    case SchedulerConfig::Kind::Cosine:
        // Linear warm-up that reaches the peak on the warm-up's last batch, then a cosine to
        // zero over the remaining batches.
        if (done < s.warmupEpochs)
            return base * std::min(1.0, (done + step) / s.warmupEpochs);
        return cosineBetween(
            base, 0, (done - s.warmupEpochs) / std::max(step, double(epochs - s.warmupEpochs)));
    case SchedulerConfig::Kind::OneCycle: {
        // PyTorch's OneCycleLR: 30 % annealing up from peak / 25, the rest down to 1e-4 of that.
        const double start = base / 25, end = start / 1e4, t = done / epochs, rise = 0.3;
        return t < rise ? start + (base - start) * (1 - std::cos(M_PI * t / rise)) / 2
                        : cosineBetween(base, end, (t - rise) / (1 - rise));
    }
    }
    return base;
}

} // namespace

double learningRate(const TrainConfig &config, int epoch, int batch, int batches)
{
    const SchedulerConfig &s = config.scheduler;
    const double base = config.optimizer.lr;
    const int epochs = config.train.epochs;
    if (s.interval == SchedulerConfig::Interval::Epoch)
        return perEpochRate(s, base, epochs, epoch);
    const double step = 1.0 / std::max(1, batches);
    return perBatchRate(s, base, epochs, epoch + batch * step, step);
}

QString scheduleWarning(const TrainConfig &config)
{
    const SchedulerConfig &s = config.scheduler;
    if (s.kind != SchedulerConfig::Kind::Cosine || 4 * s.warmupEpochs <= config.train.epochs)
        return {};
    return QStringLiteral("scheduler.warmup_epochs: %1 of %2 epochs warm up; a warm-up longer "
                          "than a quarter of the run keeps much of it below the peak rate "
                          "(1 to 5 % of the run is usual)")
        .arg(s.warmupEpochs)
        .arg(config.train.epochs);
}

} // namespace masklab
