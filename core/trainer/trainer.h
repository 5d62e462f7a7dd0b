#pragma once
// The trainer's interface: no LibTorch here, so the CLI and the GUI include only this. A run
// takes a validated config and reports through a sink; cancel is checked between batches.

#include "progress.h"
#include "runrecord.h"
#include "trainconfig.h"

#include <QString>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace masklab::trainer {

using EpochMetrics = masklab::EpochMetrics; // runrecord.h: readable without LibTorch

struct TrainEvent
{
    enum class Kind
    {
        RunStarted,
        BatchDone,
        EpochDone,
        CheckpointSaved,
        Info, // something worth a line in the log: the device, pretrained weights
        Warning,
        Finished,
        Failed
    };
    Kind kind = Kind::RunStarted;
    int epoch = 0;
    int epochs = 0;
    int batch = 0; // 1-based within the epoch
    int batches = 0;
    double loss = 0;
    double imagesPerSecond = 0;
    EpochMetrics metrics; // EpochDone
    QString message;      // RunStarted: device; Info, Warning, Failed: what;
                          // CheckpointSaved: the file's path
};

using TrainSink = std::function<void(const TrainEvent &)>;

struct TrainResult
{
    bool ok = false;
    bool cancelled = false;
    QString error;
    QString runDir;
    int epochsDone = 0;
    int stoppedAfterBatch = 0; // cancelled: batches done of epoch epochsDone + 1 (kept in last.pt)
    int bestEpoch = 0;
    double bestMacroF1 = 0;
    std::vector<EpochMetrics> history;
};

// Trains into runDir (created; it gets config.yaml, metrics.csv, metrics.jsonl, last.pt,
// best.pt, validation predictions and confusion matrix). With resume, continues the run in
// runDir from its last.pt with the config saved there; a run cancelled mid-epoch saved last.pt
// after its last batch, and continues from the next one.
TrainResult train(const TrainConfig &config, const QString &runDir, const TrainSink &sink,
                  const std::atomic<bool> *cancel = nullptr, bool resume = false);

struct PredictResult
{
    bool ok = false;
    QString error;
    int images = 0;
    QStringList undecodable; // ImageIDs that did not decode (given class 0, and reported)
    QString probabilitiesPath;
};

// Predicts every row of info.csv (evalDir: the eval folder or the dataset root) with the run's
// checkpoint ("best" or "last") and writes the submission (ImageID,ans in info.csv's order)
// and, beside it, per-image probabilities. progress reports images done and can cancel (then
// nothing is written).
PredictResult predict(const QString &runDir, const QString &checkpoint, const QString &evalDir,
                      const QString &outCsv, const ProgressSink &progress = {});

// Times `batches` training batches of the config on its data (the real loader, model, loss and
// optimizer, on the device a run would use; one batch more to warm up) and returns training
// images per second; nothing when it cannot (error says why). To tell how long a job will take.
std::optional<double> measureTrainingPace(const TrainConfig &config, int batches, QString *error);

// Writes the trained weights as a torchvision-style state dict (a pickled dict of tensors that
// Python's torch.load reads and torchvision's resnet load_state_dict accepts).
bool exportStateDict(const QString &runDir, const QString &checkpoint, const QString &outPath,
                     QString *error);

} // namespace masklab::trainer
