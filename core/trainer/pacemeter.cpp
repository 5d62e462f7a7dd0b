// Timing a few training batches before a long job, to tell the user how long it will take.

#include "batchloader.h"
#include "failure.h"
#include "losses.h"
#include "memoryformat.h"
#include "models.h"
#include "parallel.h"
#include "tensorallocator.h"
#include "trainer.h"
#include "trainingdata.h"
#include "trainingsetup.h"

#include <QElapsedTimer>

#include <thread>

namespace masklab::trainer {

namespace {

std::optional<double> timeBatches(const TrainConfig &config, int batches, QString *error)
{
    const TrainingData data = prepareTrainingData(config);
    if (!data.ok) {
        *error = data.error;
        return std::nullopt;
    }
    torch::set_num_threads(config.train.threads > 0 ? config.train.threads : availableCores());
    QString ignored;
    const torch::Device device = chooseDevice(config.train.device, &ignored);
    Classifier model = makeClassifier(config);
    model->to(device);
    model->train();
    QString refused; // the run refuses it before it starts; timed in fp32 meanwhile
    const PrecisionChoice precision =
        choosePrecision(config, device, &refused).value_or(PrecisionChoice());
    useMemoryFormat(model, config, device, precision);
    const auto optimizer = makeOptimizer(config.optimizer, model->parameters());
    torch::Tensor weights = classWeights(config.loss, data.train);
    if (weights.defined())
        weights = weights.to(device);
    BatchLoader loader(data.train, pipelineOptions(config, true), config.train.batchSize,
                       config.train.workers);
    loader.startEpoch(epochOrder(config, data.train, 1), 1);
    const PipelineOptions &o = loader.options();
    QElapsedTimer timer;
    int64_t images = 0;
    // The first batch pays for start-up (threads, allocations): it is not timed.
    for (int b = 0; b <= batches; ++b) {
        auto batch = loader.next();
        if (!batch)
            break;
        if (b == 1)
            timer.start();
        if (batch->count == 0)
            continue;
        const torch::Tensor imageTensor =
            torch::from_blob(batch->images.data(), {batch->count, 3, o.height, o.width},
                             torch::kFloat32)
                .to(device);
        optimizer->zero_grad();
        torch::Tensor loss;
        {
            const AutocastScope autocast(precision); // the forward pass, as the run's step
            loss = batchLoss(model, imageTensor, torch::tensor(batch->labels).to(device),
                             torch::tensor(batch->ages).to(device), config, weights);
        }
        loss.backward();
        optimizer->step();
        images += b >= 1 ? batch->count : 0;
    }
    if (images == 0 || !timer.isValid()) {
        *error = QStringLiteral("too few training photos to time");
        return std::nullopt;
    }
    return double(images) / std::max(1e-9, timer.nsecsElapsed() / 1e9);
}

} // namespace

std::optional<double> measureTrainingPace(const TrainConfig &config, int batches, QString *error)
{
    keepTensorMemoryForReuse();
    try {
        return timeBatches(config, batches, error);
    } catch (...) {
        *error = describeFailure(std::current_exception());
        return std::nullopt;
    }
}

} // namespace masklab::trainer
