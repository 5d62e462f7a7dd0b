#pragma once
// The trainer's interface: no LibTorch here, so the CLI and the GUI include only this. A run
// takes a validated config and reports through a sink; cancel is checked between batches.

#include "components.h"
#include "distributedsetup.h"
#include "predictioncache.h"
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
    double lr = 0; // BatchDone: the batch's learning rate
    double imagesPerSecond = 0;
    int skippedPhotos = 0; // BatchDone: photos skipped so far (they do not decode)
    QString device;        // RunStarted: "CPU, 2 threads" or "CUDA"
    EpochMetrics metrics;  // EpochDone
    QString message;       // RunStarted: device and data; Info, Warning, Failed: what;
                           // CheckpointSaved: the file's path
};

using TrainSink = std::function<void(const TrainEvent &)>;

struct TrainResult
{
    bool ok = false;
    bool cancelled = false;
    bool began = false; // the run started (failed after, not refused before: CLI exit 1, not 2)
    QString error;
    QString runDir;
    int epochsDone = 0;
    int stoppedAfterBatch = 0; // cancelled: batches done of epoch epochsDone + 1 (kept in last.pt)
    int bestEpoch = 0;
    double bestMacroF1 = 0;
    std::vector<EpochMetrics> history;
};

// Trains into runDir (created; it gets config.yaml, metrics.csv, metrics.jsonl, last.pt,
// best.pt, validation predictions and confusion matrix). With an active `distributed` setup this
// process is one rank of a data-parallel run (README: "Training on several processes"): it joins
// the others first, trains its share of each epoch, and only rank 0 writes, into rank 0's runDir.
TrainResult train(const TrainConfig &config, const QString &runDir, const TrainSink &sink,
                  const std::atomic<bool> *cancel = nullptr,
                  const DistributedSetup &distributed = {});
// Continues the run in runDir from its last.pt with the config saved there; a run cancelled
// mid-epoch saved last.pt after its last batch, and continues from the next one (with any
// number of ranks). With a precision it goes on in that train.precision instead of config.yaml's
// (a bf16 run in fp32, say; the log says so).
TrainResult resume(const QString &runDir, const TrainSink &sink,
                   const std::atomic<bool> *cancel = nullptr,
                   const DistributedSetup &distributed = {},
                   std::optional<TrainingConfig::Precision> precision = std::nullopt);

// Predicting the eval set with one run or an ensemble (predictioncache.h has the request).
struct PredictionOutcome
{
    std::optional<EvalPredictions> predictions; // nothing on failure or cancel
    QString error;                              // names the run or the file
    bool cancelled = false;
    bool fromCache = false;     // read from the workspace; no model ran
    bool modelFailed = false;   // the models ran and failed (out of memory, a LibTorch error)
    qint64 imagesForwarded = 0; // images the models ran on, mirrored ones included
    QString cacheKey;
};

// Runs every member on every info.csv row of request.evalDir. Members that read images the
// same way (input size, crop, normalisation) share one pass over the images, so an ensemble
// holds one batch of images per group, not per member. With flipTta each member's
// probabilities are the mean of the image and its mirror. With a cacheDir the result is read
// from there when stored, and stored there when predicted (not when cancelled). Members whose
// runs group ages differently are refused, naming both. progress reports images (times the
// number of groups) and can cancel.
PredictionOutcome predictEval(const PredictionRequest &request, const QString &cacheDir,
                              const ProgressSink &progress = {});

struct PredictResult
{
    bool ok = false;
    QString error;
    int images = 0;
    QStringList undecodable; // ImageIDs that did not decode (given class 0, and reported)
    QString probabilitiesPath;
    bool fromCache = false;
    bool modelFailed = false; // as PredictionOutcome's
};
// predictEval, then the submission (ImageID,ans in info.csv's order, checked after writing)
// and, beside it, the ensemble's probabilities (FILE.probabilities.csv). Nothing is written
// on failure or cancel.
PredictResult predictToFiles(const PredictionRequest &request, const QString &outCsv,
                             const QString &cacheDir, const ProgressSink &progress = {});
// Writes the submission and probabilities files of predictions (as predictToFiles does).
PredictResult writePredictionFiles(const EvalPredictions &predictions, const QString &outCsv);

// Times `batches` training batches of the config on its data (the real loader, model, loss and
// optimizer, on the device a run would use; one batch more to warm up) and returns training
// images per second; nothing when it cannot (error says why). To tell how long a job will take.
std::optional<double> measureTrainingPace(const TrainConfig &config, int batches, QString *error);

// Writes the trained weights as a torchvision-style state dict (a pickled dict of tensors that
// Python's torch.load reads and torchvision's resnet load_state_dict accepts).
bool exportStateDict(const QString &runDir, const QString &checkpoint, const QString &outPath,
                     QString *error);

// The libraries masklab-cli runs with: core's and LibTorch (its version and whether it sees a
// CUDA device), for --version and Help > About.
std::vector<Component> runtimeComponents();

} // namespace masklab::trainer
