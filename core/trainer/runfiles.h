#pragma once
// A run folder: config.yaml (resolved), metrics.csv and metrics.jsonl (appended live, so other
// processes can follow), last.pt / best.pt checkpoints (written aside, then renamed), the
// validation confusion matrix and per-photo probabilities.

#include "metrics.h"
#include "models.h"
#include "samples.h"
#include "trainer.h"

namespace masklab::trainer {

class RunFiles
{
public:
    explicit RunFiles(QString dir) : m_dir(std::move(dir)) {}

    // A new run: refuses a folder that already holds one.
    bool create(const TrainConfig &config, QString *error) const;
    bool readConfig(TrainConfig *config, QString *error) const;
    bool appendMetrics(const EpochMetrics &metrics, QString *error) const;
    std::vector<EpochMetrics> readHistory() const;

    bool saveCheckpoint(const QString &name, Classifier &model, torch::optim::Optimizer &optimizer,
                        int epoch, double bestMacroF1, QString *error) const;
    bool loadCheckpoint(const QString &name, Classifier &model, torch::optim::Optimizer &optimizer,
                        int *epoch, double *bestMacroF1, QString *error) const;
    // The model's weights only (for prediction and export).
    bool loadWeights(const QString &name, Classifier &model, QString *error) const;
    bool saveValidation(const ConfusionMatrix &confusion,
                        const std::vector<std::pair<int, std::vector<float>>> &probabilities,
                        const std::vector<Sample> &samples, QString *error) const;

    QString path(const QString &name) const { return m_dir + u'/' + name; }

private:
    QString m_dir;
};

} // namespace masklab::trainer
