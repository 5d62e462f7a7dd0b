// The two ceilings of predicting, for bench/predictbench.sh to set beside masklab-cli predict:
//
//   predictbench decode RUN EVAL_DIR   every eval image through the run's batch loader (its
//                                      input size, crop and workers; no model): images/s
//   predictbench compute RUN [FLIP]    the run's model on batches of 64 already in memory
//                                      (FLIP=1: also the mirrored batch, as flip TTA): images/s
//
// Both use the run's own config (threads, workers) as masklab-cli predict does.

#include "batchloader.h"
#include "evalset.h"
#include "models.h"
#include "runfiles.h"
#include "trainer.h"
#include "trainingsetup.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>
#include <numeric>
#include <thread>

using namespace masklab;
using namespace masklab::trainer;

namespace {

constexpr int kBatch = 64; // as predictEval

bool readRun(const QString &runDir, TrainConfig *config)
{
    QString error;
    if (!RunFiles(runDir).readConfig(config, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    torch::set_num_threads(config->train.threads > 0
                               ? config->train.threads
                               : int(std::max(1u, std::thread::hardware_concurrency())));
    return true;
}

int benchDecode(const QString &runDir, const QString &evalDir)
{
    TrainConfig config;
    QString error;
    const std::optional<EvalSet> eval = readEvalSet(evalDir, &error);
    if (!readRun(runDir, &config) || !eval) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::vector<Sample> samples;
    for (int i = 0; i < eval->ids.size(); ++i)
        samples.push_back({eval->imagePath(i), 0, -1, -1});
    BatchLoader loader(samples, pipelineOptions(config, false), kBatch,
                       std::max(1, config.train.workers));
    std::vector<int> order(samples.size());
    std::iota(order.begin(), order.end(), 0);
    QElapsedTimer timer;
    timer.start();
    loader.startEpoch(order, 0);
    qint64 images = 0;
    while (auto batch = loader.next())
        images += batch->count + batch->failed;
    const double seconds = timer.elapsed() / 1000.0;
    std::printf("decode only: %lld images in %.1f s = %.0f images/s (%d workers)\n",
                static_cast<long long>(images), seconds, double(images) / seconds,
                std::max(1, config.train.workers));
    return 0;
}

int benchCompute(const QString &runDir, bool flip)
{
    TrainConfig config;
    if (!readRun(runDir, &config))
        return 1;
    Classifier model(config.model);
    QString error;
    if (!RunFiles(runDir).loadWeights(QStringLiteral("best.pt"), model, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    model->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor images =
        torch::randn({kBatch, 3, config.data.inputHeight, config.data.inputWidth});
    model->forward(images); // warm-up
    const int batches = 30;
    QElapsedTimer timer;
    timer.start();
    for (int b = 0; b < batches; ++b) {
        torch::Tensor p = torch::softmax(model->forward(images), 1);
        if (flip)
            p = 0.5 * (p + torch::softmax(model->forward(torch::flip(images, {3})), 1));
    }
    const double seconds = timer.elapsed() / 1000.0;
    std::printf("compute only%s: %d images in %.1f s = %.0f images/s\n", flip ? " (flip TTA)" : "",
                batches * kBatch, seconds, batches * kBatch / seconds);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    if (a.size() >= 4 && a[1] == QLatin1String("decode"))
        return benchDecode(a[2], a[3]);
    if (a.size() >= 3 && a[1] == QLatin1String("compute"))
        return benchCompute(a[2], a.size() >= 4 && a[3] == QLatin1String("1"));
    std::fprintf(stderr, "usage: predictbench decode RUN EVAL_DIR | compute RUN [FLIP]\n");
    return 2;
}
