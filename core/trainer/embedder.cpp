// Embedding the photos of a run's dataset with the run's model (embedder.h).

#include "embedder.h"

#include "batchloader.h"
#include "embeddingcache.h"
#include "evalset.h"
#include "failure.h"
#include "models.h"
#include "parallel.h"
#include "runfiles.h"
#include "tensorallocator.h"
#include "trainingdata.h"
#include "trainingsetup.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

namespace masklab::trainer {

namespace {

const QString kEmbedding = QStringLiteral("Embedding photos");

struct PhotoList
{
    std::vector<EmbeddedPhoto> photos;
    QStringList paths; // absolute
    QStringList unreadable;
};

void addSamples(PhotoList &list, const std::vector<Sample> &samples, PhotoSplit split,
                const QDir &root)
{
    for (const Sample &s : samples) {
        list.photos.push_back({root.relativeFilePath(s.path), split, s.person, s.slot, s.label});
        list.paths << QFileInfo(s.path).absoluteFilePath();
    }
}

// The run's training and validation photos (its split, the labels in effect now) and, when
// asked, the eval photos.
std::optional<PhotoList> listPhotos(const TrainConfig &config, bool eval, QString *error)
{
    const TrainingData data = prepareTrainingData(config, false);
    if (!data.ok) {
        *error = data.error;
        return std::nullopt;
    }
    PhotoList list;
    const QDir root(data.datasetRoot);
    addSamples(list, data.train, PhotoSplit::Train, root);
    addSamples(list, data.validation, PhotoSplit::Validation, root);
    for (const SkippedPhoto &s : data.skipped)
        list.unreadable << s.path;
    if (eval) {
        const std::optional<EvalSet> set = readEvalSet(data.datasetRoot, error);
        if (!set)
            return std::nullopt;
        for (int i = 0; i < set->ids.size(); ++i) {
            list.photos.push_back({root.relativeFilePath(set->imagePath(i)), PhotoSplit::Eval});
            list.paths << QFileInfo(set->imagePath(i)).absoluteFilePath();
        }
    }
    return list;
}

// Runs the model over the photos not found in the cache; false when cancelled.
bool embedMissing(Classifier &model, const TrainConfig &config, const PhotoList &list,
                  StoredVectors &vectors, QStringList &undecodable, int *computed,
                  const ProgressSink &progress)
{
    std::vector<Sample> samples;
    std::vector<int> rowOf; // sample -> photo row
    for (int i = 0; i < list.paths.size(); ++i)
        if (!vectors.found[size_t(i)]) {
            samples.push_back({list.paths[i], 0, -1, -1});
            rowOf.push_back(i);
        }
    const qint64 total = qint64(list.paths.size()), reused = total - qint64(samples.size());
    progress(kEmbedding, reused, total);
    if (samples.empty())
        return true;
    torch::set_num_threads(config.train.threads > 0 ? config.train.threads : availableCores());
    QString ignored; // embedding on the CPU when CUDA is absent needs no warning
    const torch::Device device = chooseDevice(config.train.device, &ignored);
    model->to(device);
    model->eval();
    torch::NoGradGuard noGrad;
    BatchLoader loader(samples, pipelineOptions(config, false), 64,
                       std::max(1, config.train.workers));
    std::vector<int> order(samples.size());
    std::iota(order.begin(), order.end(), 0);
    loader.startEpoch(order, 0);
    const PipelineOptions &o = loader.options();
    qint64 done = reused;
    while (auto batch = loader.next()) {
        if (progress.cancelled())
            return false;
        for (int failed : batch->failedSamples)
            undecodable << samples[size_t(failed)].path;
        done += batch->count + batch->failed;
        progress(kEmbedding, done, total);
        if (batch->count == 0)
            continue;
        const torch::Tensor images =
            torch::from_blob(batch->images.data(), {batch->count, 3, o.height, o.width},
                             torch::kFloat32)
                .to(device);
        const torch::Tensor pooled = model->embed(images);
        const torch::Tensor features = pooled.to(torch::kCPU).contiguous();
        const torch::Tensor predicted = model->classify(pooled).argmax(1).to(torch::kCPU);
        if (vectors.dims == 0 || vectors.values.empty()) {
            vectors.dims = int(features.size(1));
            vectors.values.assign(size_t(list.paths.size()) * size_t(vectors.dims), 0.f);
        }
        for (int i = 0; i < batch->count; ++i) {
            const int row = rowOf[size_t(batch->samples[size_t(i)])];
            const float *f = features[i].data_ptr<float>();
            std::copy(f, f + vectors.dims, vectors.values.begin() + row * vectors.dims);
            vectors.found[size_t(row)] = true;
            vectors.predicted[size_t(row)] = int(predicted[i].item<int64_t>());
            ++*computed;
        }
    }
    return true;
}

// How many features the model gives a photo (one forward pass of a blank image).
int embeddingWidth(Classifier &model, const TrainConfig &config)
{
    const PipelineOptions o = pipelineOptions(config, false);
    model->eval();
    torch::NoGradGuard noGrad;
    return int(model->embed(torch::zeros({1, 3, o.height, o.width})).size(1));
}

// The table of the photos that have a vector, in the list's order.
EmbeddingTable tableOf(const PhotoList &list, const StoredVectors &vectors)
{
    EmbeddingTable table;
    table.dims = vectors.dims;
    for (size_t i = 0; i < list.photos.size(); ++i) {
        if (!vectors.found[i])
            continue;
        table.photos.push_back(list.photos[i]);
        table.photos.back().predicted = vectors.predicted[i];
        table.values.insert(table.values.end(), vectors.values.begin() + i * size_t(vectors.dims),
                            vectors.values.begin() + (i + 1) * size_t(vectors.dims));
    }
    return table;
}

} // namespace

EmbeddingOutcome embedPhotos(const EmbeddingRequest &request, const ProgressSink &progress)
{
    keepTensorMemoryForReuse();
    QElapsedTimer clock;
    clock.start();
    EmbeddingOutcome outcome;
    const RunFiles files(QDir(request.runDir).absolutePath());
    TrainConfig config;
    if (!files.readConfig(&config, &outcome.error))
        return outcome;
    const QString checkpoint = files.path(request.checkpoint + QStringLiteral(".pt"));
    const std::optional<QString> key = EmbeddingCache::key({checkpoint}, &outcome.error);
    if (!key)
        return outcome;
    std::optional<PhotoList> list = listPhotos(config, request.eval, &outcome.error);
    if (!list)
        return outcome;
    const EmbeddingCache cache(request.cacheDir);
    StoredVectors vectors = cache.load(*key, list->paths);
    outcome.reused = vectors.foundCount();
    outcome.undecodable = list->unreadable;
    try {
        Classifier model = makeClassifier(config);
        // Loaded even when every photo is stored: a damaged checkpoint is said, not hidden.
        if (!files.loadWeights(request.checkpoint + QStringLiteral(".pt"), model, &outcome.error)) {
            outcome.error = QStringLiteral("run %1: %2").arg(request.runDir, outcome.error);
            return outcome;
        }
        if (outcome.reused > 0 && vectors.dims != embeddingWidth(model, config)) {
            // Vectors of another width under this model's key: a damaged entry, made again.
            vectors = EmbeddingCache(QString()).load(*key, list->paths);
            outcome.reused = 0;
        }
        if (!embedMissing(model, config, *list, vectors, outcome.undecodable, &outcome.computed,
                          progress)) {
            outcome.cancelled = true;
            outcome.error = QStringLiteral("cancelled; nothing was written");
            return outcome;
        }
    } catch (...) { // out of memory, a LibTorch error: this job fails, the process lives
        outcome.error = describeFailure(std::current_exception());
        outcome.modelFailed = true;
        return outcome;
    }
    outcome.table = tableOf(*list, vectors);
    if (outcome.computed > 0) {
        QStringList kept;
        std::vector<int> predicted;
        for (int i = 0; i < list->paths.size(); ++i)
            if (vectors.found[size_t(i)]) {
                kept << list->paths[i];
                predicted.push_back(vectors.predicted[size_t(i)]);
            }
        if (!cache.store(*key, kept, outcome.table->dims, outcome.table->values, predicted,
                         &outcome.error)) {
            outcome.table.reset(); // a workspace that cannot be written is reported
            return outcome;
        }
    }
    outcome.seconds = clock.elapsed() / 1000.0;
    return outcome;
}

} // namespace masklab::trainer
