#pragma once
// Runs side by side: each run's status, best and last validation macro F1, the per-head F1 of
// its best epoch, its time, and one column per config key whose value differs among the runs
// (keys equal everywhere are folded away). The Comparison view and `masklab-cli runs` show it.

#include "runrecord.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace masklab {

struct RunRow
{
    RunSummary summary;
    QString status;    // runStatusText, or the sweep's word for it ("stopped by the sweep")
    EpochMetrics best; // the best epoch's metrics (epoch 0: none yet)
    double lastF1 = 0;
    std::optional<TrainConfig> config; // nothing: config.yaml missing or not valid
};

struct RunTable
{
    std::vector<RunRow> rows;
    QStringList varyingKeys; // config keys whose values differ among the rows, in file order

    static QStringList fixedColumns(); // run, status, epochs, best F1, ... duration
    QStringList columns() const { return fixedColumns() + varyingKeys; }
    QString cell(int row, int column) const;
    QByteArray csv() const;
};

// The runs in runDirs (those with a config.yaml), in that order. sweepStates: run folder name ->
// the sweep's sweepPointStatus; its "stopped by the sweep" and "failed" replace the run's own
// status, and a cross-validated point's score ("; point 0.71 ± 0.01 over 3 folds") follows it.
RunTable compareRuns(const QStringList &runDirs,
                     const std::vector<std::pair<QString, QString>> &sweepStates = {});

// A sweep's runs side by side (every fold of a cross-validated point), each with its point's
// sweepPointStatus; nothing when <workspace>/sweeps/<sweep>/state.json cannot be read (error
// says why).
std::optional<RunTable> compareSweepRuns(const QString &workspace, const QString &sweep,
                                         QString *error);

// The config keys on which two runs differ, in file order, with each run's value ("diff two
// runs"); the run's own name is not a difference.
struct ConfigDifference
{
    QString key, a, b;
};
std::vector<ConfigDifference> configDifferences(const TrainConfig &a, const TrainConfig &b);

} // namespace masklab
