#pragma once
// A sweep file: a base training configuration and the keys to vary over it (a list of values, a
// range with a count, or a distribution for random search), grid or random, with an optional
// successive-halving rule that stops the weaker runs early, and optionally K-fold
// cross-validation of every point (K runs, scored by their mean). Everything is checked against the
// configuration's own key table before anything trains; messages name the file, line and key.
// resources/sweep-example.yaml documents the format.

#include "trainconfig.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace masklab {

// One key a sweep varies, and how.
struct SweepParameter
{
    enum class Kind
    {
        Values, // the listed values, each as the config's YAML reads it ("0.001", "resnet18")
        Range,  // count values from low to high, evenly (or evenly in log) spaced
        Draw    // random search: a value drawn between low and high (log: log-uniform)
    };
    QString key;
    Kind kind = Kind::Values;
    QStringList values; // Values
    double low = 0, high = 0;
    int count = 0; // Range
    bool log = false;
    bool integer = false; // the key takes whole numbers: drawn and spaced values are rounded
    int line = 0;         // where the sweep file names the key
};

// Successive halving (the rule ASHA applies asynchronously): at each rung's epoch the runs still
// going are ranked by their best validation macro F1 so far, the best `keep` share goes on and
// the others are stopped by the sweep.
struct EarlyStopRule
{
    std::vector<int> rungs; // epochs, increasing; empty: no early stopping
    double keep = 1.0 / 3;
    bool active() const { return !rungs.empty(); }
};

struct SweepSpec
{
    QString name;   // the sweep's name: its runs are <name>-001, <name>-002, ...
    QString source; // the file, for messages
    TrainConfig base;
    std::vector<SweepParameter> parameters;
    bool random = false; // method: random (else grid)
    int runs = 0;        // random: how many points to draw
    quint64 seed = 1;    // random: the draws
    EarlyStopRule earlyStop;
    // folds: K (2..10): each point trains K runs, fold k validating on its k-th share of the
    // persons (split.folds: K, split.fold: k), and is scored by their mean F1; 0: one run a point.
    int folds = 0;
    int runsPerPoint() const { return folds >= 2 ? folds : 1; }
};

constexpr int kMaxSweepFolds = 10;

// The most runs a sweep may have (grid size or random runs, times its folds): a typo in a count
// should not queue weeks of training.
constexpr int kMaxSweepPoints = 256;

// Parses a sweep file. `base:` names a config file relative to the sweep file's folder
// (baseFolder). source names the file in messages.
std::optional<SweepSpec> parseSweepFile(const QByteArray &yaml, const QString &source,
                                        const QString &baseFolder, QString *error);
std::optional<SweepSpec> readSweepFile(const QString &path, QString *error);
// As parseSweepFile, starting from `base` (the sweep page's: the config editor's) instead of a
// base: file, which is refused.
std::optional<SweepSpec> parseSweepOver(const QByteArray &yaml, const TrainConfig &base,
                                        const QString &source, QString *error);

} // namespace masklab
