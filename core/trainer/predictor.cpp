// Prediction on the eval set with one run or an ensemble, the stored predictions, the
// submission files, and the state-dict export.

#include "batchloader.h"
#include "failure.h"
#include "memoryformat.h"
#include "models.h"
#include "parallel.h"
#include "precision.h"
#include "runfiles.h"
#include "statedictfile.h"
#include "submission.h"
#include "tensorallocator.h"
#include "textfile.h"
#include "trainer.h"
#include "trainingsetup.h"

#include <QDir>
#include <QFileInfo>

#include <thread>

namespace masklab::trainer {

namespace {

const QString kPredicting = QStringLiteral("Predicting");

bool isCheckpointName(const QString &checkpoint)
{
    return checkpoint == QLatin1String("best") || checkpoint == QLatin1String("last");
}

// Reads a run's config and loads the checkpoint into a model on the CPU.
bool loadRun(const QString &runDir, const QString &checkpoint, TrainConfig *config,
             Classifier *model, QString *error)
{
    const RunFiles files(QDir(runDir).absolutePath());
    if (!files.readConfig(config, error))
        return false;
    if (!isCheckpointName(checkpoint)) {
        *error = QStringLiteral("the checkpoint must be best or last, got %1").arg(checkpoint);
        return false;
    }
    *model = makeClassifier(*config);
    return files.loadWeights(checkpoint + QStringLiteral(".pt"), *model, error);
}

struct LoadedMember
{
    QString name;
    TrainConfig config;
    Classifier model{nullptr};
    PipelineOptions pipeline;
    PrecisionChoice precision; // the run's own (bf16 autocast where it trained so)
};

bool samePipeline(const PipelineOptions &a, const PipelineOptions &b)
{
    return a.width == b.width && a.height == b.height && a.mean == b.mean && a.std == b.std &&
           a.crop == b.crop;
}

QString ageGroups(const TrainConfig &config)
{
    return QStringLiteral("<%1, %1-%2, >=%3")
        .arg(*config.data.ageMiddleFrom)
        .arg(*config.data.ageOldFrom - 1)
        .arg(*config.data.ageOldFrom);
}

// Refuses members whose runs meant different classes (age groups); runs from before the
// groups were recorded in config.yaml cannot tell and pass.
bool sameClasses(const std::vector<LoadedMember> &members, QString *error)
{
    const LoadedMember *withAges = nullptr; // the first run that recorded its age groups
    for (const LoadedMember &m : members) {
        const DataConfig &data = m.config.data;
        if (!data.ageMiddleFrom || !data.ageOldFrom)
            continue;
        if (!withAges) {
            withAges = &m;
        } else if (data.ageMiddleFrom != withAges->config.data.ageMiddleFrom ||
                   data.ageOldFrom != withAges->config.data.ageOldFrom) {
            *error =
                QStringLiteral("run %1 groups ages as %2 but run %3 as %4: their classes "
                               "differ, so they cannot be averaged")
                    .arg(m.name, ageGroups(m.config), withAges->name, ageGroups(withAges->config));
            return false;
        }
    }
    return true;
}

std::optional<std::vector<LoadedMember>> loadMembers(const PredictionRequest &request,
                                                     QString *error)
{
    std::vector<LoadedMember> members;
    for (const PredictionMember &m : request.members) {
        LoadedMember loaded;
        loaded.name = m.name.isEmpty() ? m.runDir : m.name;
        if (!loadRun(m.runDir, m.checkpoint, &loaded.config, &loaded.model, error)) {
            *error = QStringLiteral("run %1: %2").arg(loaded.name, *error);
            return std::nullopt;
        }
        loaded.pipeline = pipelineOptions(loaded.config, false);
        members.push_back(std::move(loaded));
    }
    if (!sameClasses(members, error))
        return std::nullopt;
    return members;
}

// Member indexes grouped by how they read images, in the members' order.
std::vector<std::vector<size_t>> groupByPipeline(const std::vector<LoadedMember> &members)
{
    std::vector<std::vector<size_t>> groups;
    for (size_t m = 0; m < members.size(); ++m) {
        auto same = std::find_if(groups.begin(), groups.end(), [&](const auto &group) {
            return samePipeline(members[group.front()].pipeline, members[m].pipeline);
        });
        if (same == groups.end())
            groups.push_back({m});
        else
            same->push_back(m);
    }
    return groups;
}

torch::Tensor classProbabilities(Classifier &model, const torch::Tensor &images, bool flip)
{
    torch::Tensor probs = torch::softmax(model->forward(images), 1);
    if (flip) // faces are near mirror images: mask, gender and age do not change
        probs = 0.5 * (probs + torch::softmax(model->forward(torch::flip(images, {3})), 1));
    return probs.cpu().contiguous();
}

// Everything one predictEval needs while its groups run.
struct EvalRun
{
    const EvalSet &eval;
    const ProgressSink &progress;
    const torch::Device device;
    const bool flip;
    const int workers;
    std::vector<std::vector<ClassProbabilities>> tables; // member x image
    std::vector<bool> decoded;
    qint64 done = 0;
    qint64 total = 0;
    qint64 forwarded = 0;

    // One pass over the images for the members of a group; false when cancelled.
    bool runGroup(std::vector<LoadedMember> &members, const std::vector<size_t> &group);
};

bool EvalRun::runGroup(std::vector<LoadedMember> &members, const std::vector<size_t> &group)
{
    std::vector<Sample> samples;
    for (int i = 0; i < eval.ids.size(); ++i)
        samples.push_back({eval.imagePath(i), 0, -1, -1});
    // Batches of 64 keep memory flat however large the eval set is.
    BatchLoader loader(samples, members[group.front()].pipeline, 64, workers);
    std::vector<int> order(samples.size());
    std::iota(order.begin(), order.end(), 0);
    loader.startEpoch(order, 0);
    const PipelineOptions &o = loader.options();
    while (auto batch = loader.next()) {
        if (progress.cancelled())
            return false;
        done += batch->count + batch->failed;
        progress(kPredicting, done, total);
        if (batch->count == 0)
            continue;
        injectFault("predict-batch");
        const torch::Tensor images =
            torch::from_blob(batch->images.data(), {batch->count, 3, o.height, o.width},
                             torch::kFloat32)
                .to(device);
        for (size_t m : group) {
            const AutocastScope autocast(members[m].precision);
            const torch::Tensor probs = classProbabilities(members[m].model, images, flip);
            forwarded += batch->count * (flip ? 2 : 1);
            for (int i = 0; i < batch->count; ++i) {
                const size_t sample = size_t(batch->samples[size_t(i)]);
                const float *p = probs[i].data_ptr<float>();
                std::copy(p, p + kClassCount, tables[m][sample].begin());
                decoded[sample] = true;
            }
        }
    }
    return true;
}

// Runs the loaded members over the eval set; nothing when cancelled.
std::optional<EvalPredictions> runMembers(std::vector<LoadedMember> &members, const EvalSet &eval,
                                          bool flip, const ProgressSink &progress,
                                          qint64 *forwarded)
{
    const TrainConfig &first = members.front().config;
    torch::set_num_threads(first.train.threads > 0 ? first.train.threads : availableCores());
    QString ignored; // predicting on the CPU when CUDA is absent needs no warning
    const torch::Device device = chooseDevice(first.train.device, &ignored);
    for (LoadedMember &m : members) {
        m.model->to(device);
        m.model->eval();
        QString refused; // a config the device cannot honour predicts in fp32
        m.precision = choosePrecision(m.config, device, &refused).value_or(PrecisionChoice());
        useMemoryFormat(m.model, m.config, device, m.precision);
    }
    torch::NoGradGuard noGrad;
    const std::vector<std::vector<size_t>> groups = groupByPipeline(members);
    EvalRun run{eval, progress, device, flip, std::max(1, first.train.workers), {}, {}, 0, 0, 0};
    const size_t images = size_t(eval.ids.size());
    run.tables.assign(members.size(), std::vector<ClassProbabilities>(images));
    run.decoded.assign(images, false);
    run.total = qint64(images) * qint64(groups.size());
    progress(kPredicting, 0, run.total);
    for (const std::vector<size_t> &group : groups)
        if (!run.runGroup(members, group))
            return std::nullopt;
    *forwarded = run.forwarded;
    return EvalPredictions(eval.ids, std::move(run.tables), std::move(run.decoded));
}

} // namespace

PredictionOutcome predictEval(const PredictionRequest &request, const QString &cacheDir,
                              const ProgressSink &progress)
{
    keepTensorMemoryForReuse();
    PredictionOutcome outcome;
    if (request.members.empty()) {
        outcome.error = QStringLiteral("no run to predict with");
        return outcome;
    }
    for (const PredictionMember &m : request.members)
        if (!isCheckpointName(m.checkpoint)) {
            outcome.error =
                QStringLiteral("the checkpoint must be best or last, got %1").arg(m.checkpoint);
            return outcome;
        }
    const PredictionCache cache(cacheDir);
    CacheLookup found = cache.lookup(request);
    outcome.error = found.error;
    outcome.cacheKey = found.key;
    if (!found.eval)
        return outcome;
    if (found.stored) {
        outcome.predictions = std::move(found.stored);
        outcome.fromCache = true;
        return outcome;
    }
    const EvalSet &eval = *found.eval;
    try {
        std::optional<std::vector<LoadedMember>> members = loadMembers(request, &outcome.error);
        if (!members)
            return outcome;
        outcome.predictions =
            runMembers(*members, eval, request.flipTta, progress, &outcome.imagesForwarded);
    } catch (...) { // out of memory, a LibTorch error: this prediction fails, the process lives
        outcome.error = describeFailure(std::current_exception());
        outcome.modelFailed = true;
        return outcome;
    }
    if (!outcome.predictions) {
        outcome.cancelled = true;
        outcome.error = QStringLiteral("cancelled; nothing was written");
        return outcome;
    }
    if (!cacheDir.isEmpty() &&
        !cache.store(found.key, request, eval, *outcome.predictions, &outcome.error))
        outcome.predictions.reset(); // a workspace that cannot be written is reported
    return outcome;
}

PredictResult writePredictionFiles(const EvalPredictions &predictions, const QString &outCsv)
{
    PredictResult result;
    std::vector<ClassProbabilities> rows;
    for (int i = 0; i < predictions.imageCount(); ++i)
        rows.push_back(predictions.probabilities(i));
    const QFileInfo out(outCsv);
    result.probabilitiesPath =
        out.absolutePath() + u'/' + out.completeBaseName() + QStringLiteral(".probabilities.csv");
    if (!writeTextFile(outCsv, submissionText(predictions.ids(), predictions.answers()),
                       &result.error) ||
        !writeTextFile(result.probabilitiesPath, probabilitiesText(predictions.ids(), rows),
                       &result.error))
        return result;
    // Check what was written as a submission is checked: header, answers 0..17, every image.
    const std::optional<Submission> written = readSubmissionFile(outCsv, &result.error);
    if (!written)
        return result;
    if (written->ids != predictions.ids()) {
        result.error = QStringLiteral("%1 does not list info.csv's images in order").arg(outCsv);
        return result;
    }
    result.images = predictions.imageCount();
    result.undecodable = predictions.undecodable();
    result.ok = true;
    return result;
}

PredictResult predictToFiles(const PredictionRequest &request, const QString &outCsv,
                             const QString &cacheDir, const ProgressSink &progress)
{
    const PredictionOutcome outcome = predictEval(request, cacheDir, progress);
    if (!outcome.predictions) {
        PredictResult failed;
        failed.error = outcome.error;
        failed.modelFailed = outcome.modelFailed;
        return failed;
    }
    PredictResult result = writePredictionFiles(*outcome.predictions, outCsv);
    result.fromCache = outcome.fromCache;
    return result;
}

bool exportStateDict(const QString &runDir, const QString &checkpoint, const QString &outPath,
                     QString *error)
{
    try {
        TrainConfig config;
        Classifier model(nullptr);
        if (!loadRun(runDir, checkpoint, &config, &model, error))
            return false;
        return writeStateDict(modelStateDict(model), outPath, error);
    } catch (...) {
        *error = describeFailure(std::current_exception());
        return false;
    }
}

} // namespace masklab::trainer
