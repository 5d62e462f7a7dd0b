// The trainer's side of bench/trainbench.sh, which runs it next to the Python baseline
// (bench/python/baseline.py) on the same photos, model, input size, batch and threads.
//
//   trainbench list DATASET OUT.csv       the training split's photos (path,label) for Python
//   trainbench loader DATASET WxH WORKERS  one augmented epoch through the batch loader: images/s
//   trainbench epoch DATASET WxH THREADS   one epoch of masklab's train() (ResNet-18, single
//                                          head, AdamW, cross entropy) and the same epoch on
//                                          batches already in memory (compute only)

#include "batchloader.h"
#include "models.h"
#include "trainer.h"
#include "trainingdata.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>

using namespace masklab;
using namespace masklab::trainer;

namespace {

constexpr int kBatch = 32;

TrainConfig benchConfig(const QString &dataset, const QString &size, int threads)
{
    TrainConfig config;
    config.data.dataset = dataset;
    config.data.inputWidth = size.section(u'x', 0, 0).toInt();
    config.data.inputHeight = size.section(u'x', 1, 1).toInt();
    config.data.crop.reset(); // the Python baseline takes the whole photo
    config.train.sampler = TrainingConfig::Sampler::Uniform;
    config.optimizer.lr = 1e-3;
    config.optimizer.weightDecay = 1e-4;
    config.model.architecture = ModelConfig::Architecture::ResNet18;
    config.model.head = ModelConfig::Head::Single;
    config.optimizer.kind = OptimizerConfig::Kind::AdamW;
    config.scheduler.kind = SchedulerConfig::Kind::None;
    config.train.epochs = 1;
    config.train.batchSize = kBatch;
    config.train.threads = threads;
    config.train.workers = 2;
    return config;
}

int listSamples(const QString &dataset, const QString &out)
{
    const TrainingData data = prepareTrainingData(benchConfig(dataset, "96x128", 1));
    if (!data.ok) {
        std::fprintf(stderr, "%s\n", qPrintable(data.error));
        return 1;
    }
    QFile file(out);
    if (!file.open(QIODevice::WriteOnly)) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(out), qPrintable(file.errorString()));
        return 1;
    }
    for (const Sample &s : data.train)
        file.write(QStringLiteral("%1,%2\n").arg(s.path).arg(s.label).toUtf8());
    std::printf("%zu training photos\n", data.train.size());
    return 0;
}

int benchLoader(const QString &dataset, const QString &size, int workers)
{
    const TrainConfig config = benchConfig(dataset, size, 1);
    const TrainingData data = prepareTrainingData(config);
    BatchLoader loader(data.train, pipelineOptions(config, true), kBatch, workers);
    std::vector<int> order(data.train.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    QElapsedTimer timer;
    timer.start();
    loader.startEpoch(order, 1);
    int64_t images = 0;
    while (auto batch = loader.next())
        images += batch->count;
    const double seconds = timer.nsecsElapsed() / 1e9;
    std::printf("masklab loader  %s  workers %d: %lld images in %.2f s = %.0f images/s\n",
                qPrintable(size), workers, static_cast<long long>(images), seconds,
                images / seconds);
    return 0;
}

// The real epoch (train(): loader, model, loss, optimizer, events) and the same work on
// tensors already in memory, so the difference is what the data path costs.
int benchEpoch(const QString &dataset, const QString &size, int threads)
{
    TrainConfig config = benchConfig(dataset, size, threads);
    QTemporaryDir runs;
    const TrainResult result = train(config, runs.filePath("run"), [](const TrainEvent &) {});
    if (!result.ok) {
        std::fprintf(stderr, "%s\n", qPrintable(result.error));
        return 1;
    }
    const EpochMetrics &m = result.history.front(); // images/s of the training part alone
    const TrainingData data = prepareTrainingData(config);
    const auto images = int64_t(data.train.size());
    const double trainSeconds = double(images) / m.imagesPerSecond;
    std::printf("masklab epoch   %s  threads %d: %lld images in %.2f s = %.1f images/s\n",
                qPrintable(size), threads, static_cast<long long>(images), trainSeconds,
                m.imagesPerSecond);

    // Compute only: the same batches, decoded beforehand.
    const PipelineOptions options = pipelineOptions(config, true);
    BatchLoader loader(data.train, options, kBatch, 2);
    std::vector<int> order(data.train.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    loader.startEpoch(order, 1);
    std::vector<std::pair<torch::Tensor, torch::Tensor>> batches;
    while (auto batch = loader.next()) {
        batches.emplace_back(torch::from_blob(batch->images.data(),
                                              {batch->count, 3, options.height, options.width},
                                              torch::kFloat32)
                                 .clone(),
                             torch::tensor(batch->labels));
    }
    torch::set_num_threads(threads);
    torch::manual_seed(1);
    Classifier model(config.model);
    model->train();
    torch::optim::AdamW optimizer(
        model->parameters(),
        torch::optim::AdamWOptions(config.optimizer.lr).weight_decay(config.optimizer.weightDecay));
    QElapsedTimer timer;
    timer.start();
    for (const auto &[x, y] : batches) {
        optimizer.zero_grad();
        const torch::Tensor loss = torch::cross_entropy_loss(model->forward(x), y);
        loss.item<double>();
        loss.backward();
        optimizer.step();
    }
    const double computeSeconds = timer.nsecsElapsed() / 1e9;
    std::printf("masklab compute %s  threads %d: %lld images in %.2f s = %.1f images/s "
                "(real epoch / compute only = %.3f)\n",
                qPrintable(size), threads, static_cast<long long>(images), computeSeconds,
                images / computeSeconds, trainSeconds / computeSeconds);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 4 && args[1] == "list")
        return listSamples(args[2], args[3]);
    if (args.size() >= 5 && args[1] == "loader")
        return benchLoader(args[2], args[3], args[4].toInt());
    if (args.size() >= 5 && args[1] == "epoch")
        return benchEpoch(args[2], args[3], args[4].toInt());
    std::fprintf(stderr, "usage: trainbench list DATASET OUT.csv | loader DATASET WxH WORKERS | "
                         "epoch DATASET WxH THREADS\n");
    return 2;
}
