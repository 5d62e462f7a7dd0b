#pragma once
// A run folder: config.yaml (resolved), metrics.csv and metrics.jsonl per epoch and batches.csv
// per batch (appended live, so other processes can follow), last.pt / best.pt checkpoints
// (written aside, then renamed), the validation confusion matrix and per-photo probabilities.

#include "lossscaler.h"
#include "metrics.h"
#include "models.h"
#include "samples.h"
#include "trainer.h"

#include <optional>

namespace masklab::trainer {

// Where a checkpoint stands: `epoch` finished epochs, plus `batchesDone` batches of the next
// one when the run was stopped in the middle of it, with that epoch's partial sums and the CPU
// random generator's state, so a resumed run continues exactly where it stopped.
struct TrainingPosition
{
    int epoch = 0;
    double bestMacroF1 = -1;
    int batchesDone = 0;
    double lossSum = 0;
    int64_t seen = 0;
    int failed = 0;
    double trainSeconds = 0;
    torch::Tensor rngState; // defined when batchesDone > 0
    int worldSize = 1;      // the ranks that trained those batches (each batchesDone of them)
    std::optional<LossScaleState> lossScale; // fp16 runs only
};

// The default CPU generator's state, which dropout and mixup draw from, for TrainingPosition.
// (On CUDA, dropout draws from the device's generator: there a mid-epoch resume is close, not
// bit-exact.)
torch::Tensor cpuRngState();
void setCpuRngState(const torch::Tensor &state);

class RunFiles
{
public:
    explicit RunFiles(QString dir) : m_dir(std::move(dir)) {}

    // A new run: refuses a folder that already holds one.
    bool create(const TrainConfig &config, QString *error) const;
    bool readConfig(TrainConfig *config, QString *error) const;
    bool appendMetrics(const EpochMetrics &metrics, QString *error) const;
    bool appendBatch(const BatchRecord &batch, QString *error) const;
    std::vector<EpochMetrics> readHistory() const;

    bool saveCheckpoint(const QString &name, Classifier &model, torch::optim::Optimizer &optimizer,
                        const TrainingPosition &position, QString *error) const;
    bool loadCheckpoint(const QString &name, Classifier &model, torch::optim::Optimizer &optimizer,
                        TrainingPosition *position, QString *error) const;
    // The model's weights only (for prediction and export).
    bool loadWeights(const QString &name, Classifier &model, QString *error) const;
    bool saveValidation(const ConfusionMatrix &confusion,
                        const std::vector<std::pair<int, std::vector<float>>> &probabilities,
                        const std::vector<Sample> &samples, QString *error) const;

    QString path(const QString &name) const { return m_dir + u'/' + name; }

private:
    QString m_dir;
    mutable std::optional<bool> m_batchesHaveLr; // batches.csv's header has the lr column
};

} // namespace masklab::trainer
