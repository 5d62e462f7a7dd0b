#pragma once
// What a run folder says about a run, readable without LibTorch: the per-epoch metrics lines of
// metrics.jsonl, the status file (running, finished, stopped, failed) and a summary for lists.
// The trainer writes these; the training panel and other processes read them, also while the
// run is still going (metrics.jsonl only ever grows by whole lines).

#include "trainconfig.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <optional>
#include <vector>

namespace masklab {

struct EpochMetrics
{
    int epoch = 0; // 1-based
    double trainLoss = 0;
    double validationLoss = 0;
    double macroF1 = 0;
    double accuracy = 0;
    double maskF1 = 0; // macro F1 of each task
    double genderF1 = 0;
    double ageF1 = 0;
    double lr = 0;
    double imagesPerSecond = 0; // training
    double seconds = 0;
    std::vector<double> classF1; // 18
};

// One metrics.jsonl line (no newline) and back; nothing for a line that is not one.
QByteArray epochMetricsJson(const EpochMetrics &metrics);
std::optional<EpochMetrics> parseEpochMetrics(const QByteArray &line);
std::vector<EpochMetrics> readRunHistory(const QString &runDir);
// metrics.csv: its header line and one row per epoch (each ending in a newline).
QString epochMetricsCsvHeader();
QString epochMetricsCsvRow(const EpochMetrics &metrics);

// Where batch `batch` of `batches` in epoch `epoch` (both 1-based) ends, in epochs: 2.5 is
// half-way through epoch 3. The x of batch losses, and (over the epochs) the share done.
inline double epochPosition(int epoch, int batch, int batches)
{
    return epoch - 1 + double(batch) / std::max(1, batches);
}

// One training batch, as batches.csv records it for processes that follow the run.
struct BatchRecord
{
    int epoch = 0; // 1-based
    int batch = 0; // 1-based within the epoch
    int batches = 0;
    double loss = 0;
    double imagesPerSecond = 0;
    double lr = -1; // the batch's learning rate; -1 in files from before it was recorded

    double epochPosition() const { return masklab::epochPosition(epoch, batch, batches); }
};

// batches.csv: its header line and one row per batch (each ending in a newline); a line that is
// not a row gives nothing. A file begun without the lr column (a run from before it, resumed)
// goes on without it: withLr false.
QByteArray batchCsvHeader();
QByteArray batchCsvRow(const BatchRecord &record, bool withLr = true);
std::optional<BatchRecord> parseBatchCsvRow(const QByteArray &line);
std::vector<BatchRecord> readRunBatches(const QString &runDir);

struct RunStatus
{
    enum class State
    {
        Unknown,
        Running,
        Finished,
        Stopped,
        Failed
    };
    State state = State::Unknown;
    QDateTime started;
    QDateTime ended;       // when it finished, stopped or failed
    QString device;        // "CPU, 2 threads", "CUDA: NVIDIA H100"
    QString message;       // the failure
    int skippedPhotos = 0; // photos that did not decode (listed in skipped_photos.csv)
    qint64 pid = 0;        // the training process (rank 0's in a distributed run)
    int worldSize = 1;     // the processes training together (distributed: more than one)
    QString backend;       // how they exchange gradients: "gloo"
    // The run's own time: its processes' seconds from start to end in the sessions that ended
    // (a stopped and resumed run counts both parts, not the pause between), and when the
    // session now running began. hasSeconds: status.json said; else (runs from before it, or
    // a value that is not a number of seconds) seconds is the epochs' time summed.
    double seconds = 0;
    QDateTime sessionStarted;
    bool hasSeconds = false;

    // seconds, plus the running session's time until `now`.
    double secondsAt(const QDateTime &now) const;
};

QString runStateName(RunStatus::State state);
// When the run's files last changed (batches.csv or metrics.jsonl); invalid when neither exists.
QDateTime lastRunWrite(const QString &runDir);
// A run whose status.json says "running": is it, in fact? Its process is alive on this machine
// (Linux: /proc), or its files changed in the last 15 minutes (a run written on another machine
// and synced here). Otherwise it was interrupted (killed, crashed, the machine went down).
bool runIsLive(const RunStatus &status, const QDateTime &lastWrite);
// status.json in the run folder; written atomically.
bool writeRunStatus(const QString &runDir, const RunStatus &status, QString *error);
RunStatus readRunStatus(const QString &runDir);

// Keeps a run's status.json: running from begin() on, then how the run ended.
class RunStatusKeeper
{
public:
    explicit RunStatusKeeper(QString runDir) : m_dir(std::move(runDir)) {}
    // Marks the run running in this process (a resumed run keeps its first start time), with
    // how many processes train it together and through which backend.
    bool begin(const QString &device, int worldSize, const QString &backend, QString *error);
    // Finished, stopped or failed. Before begin() it does nothing: the folder may hold another
    // run that this one refused to overwrite.
    bool end(RunStatus::State state, const QString &message, QString *error);
    // How many photos the running run has skipped so far.
    bool setSkippedPhotos(int count, QString *error);

private:
    QString m_dir;
    RunStatus m_status;
    bool m_begun = false;
};

struct RunSummary
{
    QString dir;
    QString name;  // the folder's name
    QString model; // "resnet18 multi"
    RunStatus status;
    int epochsDone = 0;
    int epochsPlanned = 0;
    int bestEpoch = 0;
    double bestMacroF1 = 0;
    // The run's time until its last write: status.json's, or for runs from before it kept
    // one, the epochs' seconds summed. A running run adds its session's time (secondsAt).
    double seconds = 0;
    QDateTime lastWrite; // batches.csv or metrics.jsonl last changed
};

RunSummary summarizeRun(const QString &runDir);
// What a list says of the run: running, interrupted (said running, but its process is gone),
// finished, stopped, failed; for a folder without status.json what its metrics show (unknown,
// incomplete, finished).
QString runStatusText(const RunSummary &run);
// The run's time: a running run's until now, any other's until its files last changed.
double runDuration(const RunSummary &run, bool running);
// The run folder's config.yaml, or nothing when it is missing or not a valid config.
std::optional<TrainConfig> readRunConfig(const QString &runDir);
// Where a new run goes: <workspace>/runs/<train.run_name, or the time>, the workspace being
// data.workspace or, when that is empty, defaultWorkspace.
QString newRunFolder(const TrainConfig &config, const QString &defaultWorkspace);
// The run folders under <workspace>/runs (those with a config.yaml), by name.
QStringList listRunFolders(const QString &workspace);

QString formatDuration(double seconds); // "42 s", "12 min", "3 h 05 min"

} // namespace masklab
