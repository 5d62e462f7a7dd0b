#include "trainingdata.h"

#include "effectivelabels.h"
#include "imagestatistics.h"
#include "personsplit.h"
#include "workspace.h"

#include <QFile>

namespace masklab::trainer {

namespace {

// Known before training: photos whose headers are broken or cut short (the scan that indexed
// the dataset did not read them).
void moveUnreadable(std::vector<Sample> &samples, int threads, std::vector<SkippedPhoto> &skipped)
{
    QStringList paths;
    for (const Sample &s : samples)
        paths << s.path;
    const auto unreadable = findUnreadable(paths, threads);
    std::vector<bool> drop(samples.size(), false);
    for (const auto &[index, photo] : unreadable) {
        drop[index] = true;
        skipped.push_back(photo);
    }
    size_t kept = 0;
    for (size_t i = 0; i < samples.size(); ++i)
        if (!drop[i])
            samples[kept++] = samples[i];
    samples.resize(kept);
}

} // namespace

TrainingData prepareTrainingData(const TrainConfig &config, bool writeCache)
{
    TrainingData data;
    const EffectiveLabels effective = loadEffectiveLabels(config.data);
    if (!effective.ok) {
        data.error = effective.error;
        return data;
    }
    data.datasetRoot = effective.datasetRoot;
    data.thresholds = effective.thresholds;
    const LabeledDataset &labels = effective.labels;
    const Workspace workspace(effective.workspaceDir, effective.datasetRoot);
    QString error;
    const uint64_t seed = uint64_t(config.split.seed);
    PersonSplit split;
    if (!config.split.foldsFile.isEmpty()) {
        const auto foldOf = readFoldFile(config.split.foldsFile, config.split.folds, &error);
        const auto pinned =
            foldOf ? foldFileSplit(labels, *foldOf, config.split.fold, &error) : std::nullopt;
        if (!pinned) {
            data.error = QStringLiteral("split.folds_file: %1").arg(error);
            return data;
        }
        split = *pinned;
    } else {
        split =
            config.split.folds >= 2
                ? kFoldSplit(labels, data.thresholds, config.split.folds, config.split.fold, seed)
                : splitPersons(labels, data.thresholds, config.split.validationFraction, seed);
    }
    data.train = collectSamples(labels, split.train, data.thresholds);
    data.validation = collectSamples(labels, split.validation, data.thresholds);
    const int threads = config.train.workers > 0 ? config.train.workers : 0;
    for (std::vector<Sample> *samples : {&data.train, &data.validation})
        moveUnreadable(*samples, threads, data.skipped);
    data.trainPersons = int(split.train.size());
    data.validationPersons = int(split.validation.size());
    if (data.train.empty() || data.validation.empty()) {
        data.error = QStringLiteral("the split left %1 training and %2 validation photos; the "
                                    "dataset needs more persons")
                         .arg(data.train.size())
                         .arg(data.validation.size());
        return data;
    }
    if (config.data.normalize == DataConfig::Normalize::Dataset) {
        // The same statistics the EDA tab computes and caches for this workspace.
        const std::vector<QString> paths = labels.dataset().trainPhotoPaths();
        using Set = Workspace::ImageSet;
        std::optional<ImageStatistics> stats =
            workspace.loadImageStatistics(Set::Train, qint64(paths.size()));
        if (stats) {
            data.note = QStringLiteral("normalisation from the workspace's image statistics");
        } else {
            stats = computeImageStatistics(paths);
            if (writeCache)
                workspace.saveImageStatistics(Set::Train, *stats, &error); // a cache: may fail
            data.note =
                QStringLiteral("normalisation computed from %1 train photos (%2 s)%3")
                    .arg(stats->images)
                    .arg(stats->seconds, 0, 'f', 1)
                    .arg(writeCache ? QStringLiteral(" and cached in the workspace") : QString());
        }
        data.mean = stats->mean;
        data.std = stats->std;
    }
    data.ok = true;
    return data;
}

} // namespace masklab::trainer
