#pragma once
// One training run, new or resumed, in the steps a reader expects: prepare (data, model,
// optimizer, run folder), begin (status and the first events), then per epoch train, validate
// and save, and finish. Each step returns why the run must fail, or an empty string to go on;
// torchtrainer.cpp strings them together and turns failures into a Failed run.

#include "batchloader.h"
#include "lossscaler.h"
#include "memoryformat.h"
#include "models.h"
#include "precision.h"
#include "runfiles.h"
#include "skippedphotos.h"
#include "trainer.h"
#include "trainingdata.h"

#include <QElapsedTimer>

#include <memory>
#include <optional>

namespace masklab::trainer {

struct Validation; // validationpass.h
class GradientAverager;
class ProcessGroup;

class TrainingRun
{
public:
    // requested: a new run's config; none: resume the run in result.runDir with its saved one
    // (in another train.precision when precision says so). result is filled in as the run goes;
    // sink receives every event. With a group this process is one rank of a distributed run:
    // it trains its share and only rank 0 writes the folder.
    TrainingRun(std::optional<TrainConfig> requested, TrainResult &result, const TrainSink &sink,
                const std::atomic<bool> *cancel, RunStatusKeeper &status, ProcessGroup *group,
                std::optional<TrainingConfig::Precision> precision = std::nullopt);
    ~TrainingRun();

    QString prepare();
    QString begin();
    int firstEpoch() const { return m_resumed.epoch; }
    int epochs() const { return m_config.train.epochs; }
    // Trains one epoch (0-based) into *position; position->batchesDone > 0 with cancelled()
    // means it was stopped mid-epoch.
    QString trainEpoch(int epoch, TrainingPosition *position);
    bool cancelled() const { return m_result.cancelled; }
    // Asked to stop between two epochs (one process; ranks agree within a batch): the run
    // stops before `epoch` with nothing to save, last.pt holding the end of the one before.
    bool stopsBeforeEpoch(int epoch);
    static int epochsSinceBest(const std::vector<EpochMetrics> &history, int epochs);
    // last.pt at the batch where the user stopped, so that resume goes on from there.
    QString saveStopPoint(const TrainingPosition &position);
    QString validateAndSave(int epoch, const TrainingPosition &position);
    bool shouldStopEarly();
    QString finish();

private:
    QString takeDevice();
    QString loadModel();
    // Distributed: the same config on every rank, and rank 0's weights on all.
    QString checkSameConfig();
    QString takeRankDevice();
    void shareRankZeroWeights();
    bool writes() const;
    // This rank's part of the epoch's order, and where a run stopped mid-epoch continues.
    std::vector<int> epochShare(uint64_t epochSeed) const;
    TrainingPosition continuingPosition() const;
    QString resumeNote() const;
    static QString ranksText(int count); // "1 rank", "3 ranks"
    static QString arithmeticOf(const QString &device);
    // Sums {loss x photos, photos, loss not finite, stop asked} over the ranks, so that every
    // rank fails or stops after the same batch.
    torch::Tensor stepStatistics(double loss, int count) const;
    // The training photos that did not decode this epoch on any rank (one process: none new).
    std::vector<int> failedOnAnyRank();
    // The Info line on the epoch's gradient all-reduce: buckets, bytes, share of the time.
    void tellGradientTraffic(int epoch, double trainSeconds);
    QString trainBatch(const Batch &batch, int epoch, TrainingPosition *position);
    // Backward, the gradients' average over the ranks and the optimizer's step, which fp16's
    // loss scale skips when the gradients overflowed (overflow: make them so, a test hook).
    void backwardAndStep(const torch::Tensor &loss, bool anyPhotos, bool overflow);
    // fp16: a non-finite loss skips the step and lowers the scale; why the run must fail when
    // it never becomes finite again.
    QString skipOverflowedStep(double loss, int epoch, const TrainingPosition &position);
    // The Info line on fp16's loss scale and the steps it skipped this epoch.
    void tellLossScale(int epoch);
    EpochMetrics epochMetrics(int epoch, const TrainingPosition &position, const Validation &v);
    QString saveEpoch(const EpochMetrics &m, const Validation &v, bool improved);
    // Lists new skipped photos, warns of them and counts them; why the run must stop, if it must.
    QString skip(const std::vector<SkippedPhoto> &photos, int epoch);
    // The same for the samples at indexes, which did not decode.
    QString skipUndecoded(const std::vector<Sample> &samples, const std::vector<int> &indexes,
                          int epoch);
    void tell(TrainEvent::Kind kind, int epoch, const QString &message);
    // Training time of the current epoch, a stopped part before a resume included.
    double secondsThisEpoch() const;

    TrainResult &m_result;
    const TrainSink &m_sink;
    const std::atomic<bool> *m_cancel;
    RunStatusKeeper &m_status;
    const bool m_resume;
    TrainConfig m_config;
    RunFiles m_files;
    TrainingData m_data;
    int m_threads = 1;
    torch::Device m_device{torch::kCPU};
    QString m_deviceNote;
    PrecisionChoice m_precision;
    MemoryFormatChoice m_memoryFormat;
    std::optional<TrainingConfig::Precision> m_resumePrecision; // asked for over config.yaml's
    QString m_savedPrecision;                                   // config.yaml's, when overridden
    LossScaler m_scaler;
    // fp16 steps skipped before this epoch (after a mid-epoch resume: before the resume). The
    // skips in a row are not kept in last.pt: a resumed diverged run gets its 50 again.
    int64_t m_skippedBeforeEpoch = 0;
    QString m_pretrainedNote;
    Classifier m_model{nullptr};
    std::unique_ptr<torch::optim::Optimizer> m_optimizer;
    torch::Tensor m_classWeights; // undefined: unweighted losses
    TrainingPosition m_resumed;   // where last.pt stands; a new run starts at epoch 0
    std::unique_ptr<BatchLoader> m_trainLoader;
    std::unique_ptr<BatchLoader> m_validationLoader;
    std::unique_ptr<SkippedPhotos> m_skipped;
    ProcessGroup *m_group;
    std::unique_ptr<GradientAverager> m_averager;
    std::vector<int> m_failedThisEpoch; // training samples this rank could not decode
    QElapsedTimer m_epochTimer;
    double m_earlierSeconds = 0; // of this epoch, before the resume
    double m_lr = 0;             // the latest batch's learning rate
    double m_best = -1;
    int m_sinceBest = 0;
};

} // namespace masklab::trainer
