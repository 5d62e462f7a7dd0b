#pragma once
// The label-error finder's job: trains K person-level folds with a training config, so every
// photo gets probabilities from a model that never saw its person, then ranks the suspects
// (finder/suspectscoring.h) and adds the duplicate photos. Folds already trained for the same
// config on the same labels are reused, a stopped fold continues where it stopped, and Ctrl+C
// (cancel) stops after the current batch keeping what is done. No LibTorch in this header.

#include "duplicates.h"
#include "finderresults.h"
#include "trainer.h"

#include <optional>

namespace masklab::trainer {

struct FinderOptions
{
    TrainConfig config; // validated before any fold trains; its split keys are the finder's
    int folds = 5;
    bool duplicates = true; // also search for duplicate photos (no model needed)
    finder::DuplicateOptions duplicateOptions;
};

struct FinderEvent
{
    enum class Kind
    {
        Phase,       // a step without a model (hashing photos): message, done of total
        FoldStarted, // fold (1-based) of folds starts or resumes training
        FoldReused,  // fold's earlier run fits the config and labels: nothing to train
        Training,    // a trainer event inside the fold
        Info,
        Finished,
        Failed
    };
    Kind kind = Kind::Phase;
    int fold = 0; // 1-based
    int folds = 0;
    int foldsToTrain = 0; // folds this call trains (reused ones not counted)
    int foldsTrained = 0; // of those, finished before this event
    TrainEvent train;
    QString message;
    qint64 done = 0;
    qint64 total = 0;
};
using FinderSink = std::function<void(const FinderEvent &)>;

// The share of this call's training done at a Training batch event (0..1), for the time left.
double finderShareDone(const FinderEvent &event);

// What a call would do, worked out before it starts: which folds are reusable, and the time.
struct FinderPlan
{
    bool ok = false;
    QString error; // a config that fails validation, a dataset that cannot be read
    QString dir;   // the finder run's folder
    int folds = 0;
    int foldsToTrain = 0;
    int foldsReusable = 0;
    int photos = 0;
    // Seconds for the folds to train, at the pace of the latest earlier run of this model,
    // input and batch size in the workspace, or else of a few batches timed now; nothing when
    // neither could be had.
    std::optional<double> seconds;
    QString paceSource; // "runs/<name>" or "4 batches timed now"
};
FinderPlan planErrorFinder(const FinderOptions &options);

struct FinderOutcome
{
    bool ok = false;
    bool cancelled = false;
    QString error;
    QString dir;
    finder::FinderResults results; // when ok
    int trainedFolds = 0;
    int reusedFolds = 0;
    double seconds = 0;      // wall time of the folds trained by this call
    QStringList skipped;     // photos without a prediction (did not decode)
    QStringList undecodable; // photos the duplicate search could not read
    int duplicateImages = 0; // photos hashed (train and eval)
};

FinderOutcome findErrors(const FinderOptions &options, const FinderSink &sink,
                         const std::atomic<bool> *cancel = nullptr);

} // namespace masklab::trainer
