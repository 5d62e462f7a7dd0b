#pragma once
// The points of a sweep: its grid in order (the first parameter varying slowest), or its random
// draws (the same seed, the same points), each a whole training configuration.

#include "sweepfile.h"

#include <utility>

namespace masklab {

struct SweepPoint
{
    int index = 0; // 1-based: the run <sweep>-<index, three digits>
    std::vector<std::pair<QString, QString>> values; // key, value text (as the config reads it)
    TrainConfig config;                              // the base with the values set
    int folds = 0; // the sweep's folds: K: the point is K runs, one per validation fold

    int runCount() const { return folds >= 2 ? folds : 1; }
    QString runName(const QString &sweep) const;
    // The run of fold k (0-based): <sweep>-NNN-fold<k+1>; without folds runName's.
    QString runName(const QString &sweep, int fold) const;
    // What fold k trains: the point's config validating on that fold (split.fold: k).
    TrainConfig foldConfig(int fold) const;
    QString describe() const; // "optimizer.lr=0.001, model.architecture=resnet18"
};

// The run folder name of fold k (0-based) of a point's run: "<run>-fold<k+1>".
QString foldRunName(const QString &run, int fold);

// The spaced values of a Range parameter, as text (whole numbers rounded, repeats dropped).
QStringList rangeValues(const SweepParameter &parameter);
// Every point, or nothing when one of them breaks a rule between keys (error names the point).
std::optional<std::vector<SweepPoint>> expandSweep(const SweepSpec &spec, QString *error);

// The epochs of training the sweep costs: every point to its end, or with early stopping every
// point to the first rung, the kept share on to the next, and so on (failures aside).
int sweepEpochs(const SweepSpec &spec, const std::vector<SweepPoint> &points);

// The sweep's size and cost in words, for its plan: "8 points (grid), each cross-validated over
// 3 folds: 24 runs" and "72 epochs of training at most, with early stopping (144 without); about
// 54 min at the pace of run lr-001 (45 s an epoch)" (the pace of an earlier run of the base's
// model and input size in the workspace, when there is one).
QString describeSweepSize(const SweepSpec &spec, const std::vector<SweepPoint> &points);
QString describeSweepCost(const SweepSpec &spec, const std::vector<SweepPoint> &points,
                          const QString &workspace);

} // namespace masklab
