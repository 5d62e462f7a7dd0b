// The training loop: model, optimizer, schedule, epochs over the batch loader, validation
// metrics, checkpoints and the run folder's files.

#include "batchloader.h"
#include "losses.h"
#include "metrics.h"
#include "models.h"
#include "random.h"
#include "runfiles.h"
#include "statedictfile.h"
#include "trainer.h"
#include "trainingdata.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <cmath>
#include <thread>

namespace masklab::trainer {

namespace {

torch::Device chooseDevice(TrainingConfig::Device wanted, QString *why)
{
    const bool cuda = torch::cuda::is_available();
    if (wanted == TrainingConfig::Device::Cuda && !cuda)
        *why = QStringLiteral("CUDA was asked for but is not available; training on the CPU");
    if (wanted != TrainingConfig::Device::Cpu && cuda)
        return torch::Device(torch::kCUDA, 0);
    return torch::Device(torch::kCPU);
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const OptimizerConfig &c,
                                                       std::vector<torch::Tensor> params)
{
    switch (c.kind) {
    case OptimizerConfig::Kind::Sgd:
        return std::make_unique<torch::optim::SGD>(params,
                                                   torch::optim::SGDOptions(c.lr)
                                                       .momentum(c.momentum)
                                                       .nesterov(c.nesterov && c.momentum > 0)
                                                       .weight_decay(c.weightDecay));
    case OptimizerConfig::Kind::Adam:
        return std::make_unique<torch::optim::Adam>(
            params, torch::optim::AdamOptions(c.lr).weight_decay(c.weightDecay));
    case OptimizerConfig::Kind::AdamW:
        break;
    }
    return std::make_unique<torch::optim::AdamW>(
        params, torch::optim::AdamWOptions(c.lr).weight_decay(c.weightDecay));
}

// The learning rate of an epoch (0-based) under the schedule.
double learningRate(const TrainConfig &config, int epoch)
{
    const double base = config.optimizer.lr;
    const int epochs = config.train.epochs;
    const SchedulerConfig &s = config.scheduler;
    switch (s.kind) {
    case SchedulerConfig::Kind::None:
        return base;
    case SchedulerConfig::Kind::Step:
        return base * std::pow(s.gamma, epoch / s.stepEpochs);
    case SchedulerConfig::Kind::Cosine: {
        if (epoch < s.warmupEpochs)
            return base * (epoch + 1) / (s.warmupEpochs + 1);
        const double t = double(epoch - s.warmupEpochs) / std::max(1, epochs - s.warmupEpochs);
        return 0.5 * base * (1 + std::cos(M_PI * t));
    }
    case SchedulerConfig::Kind::OneCycle: {
        const double peak = std::max(1.0, 0.3 * epochs);
        if (epoch < peak)
            return base / 25 + (base - base / 25) * epoch / peak;
        const double t = (epoch - peak) / std::max(1.0, epochs - peak);
        return base / 1e4 + 0.5 * (base - base / 1e4) * (1 + std::cos(M_PI * t));
    }
    }
    return base;
}

torch::Tensor classWeights(const LossConfig &loss, const std::vector<Sample> &samples)
{
    if (loss.classWeights == LossConfig::ClassWeights::None)
        return {};
    std::vector<float> w(size_t(kClassCount), 1.0f);
    if (loss.classWeights == LossConfig::ClassWeights::Custom) {
        for (size_t c = 0; c < w.size(); ++c)
            w[c] = float(loss.customWeights[c]);
    } else { // inverse frequency, scaled so a balanced set gets weights of 1
        const std::vector<int> counts = classHistogram(samples);
        for (size_t c = 0; c < w.size(); ++c)
            w[c] = counts[c] > 0 ? float(samples.size()) / float(kClassCount * counts[c]) : 0.0f;
    }
    return torch::tensor(w);
}

// The order of an epoch's training samples: shuffled, or drawn by inverse class frequency.
std::vector<int> epochOrder(const TrainConfig &config, const std::vector<Sample> &samples,
                            uint64_t seed)
{
    Rng rng(seed);
    std::vector<int> order(samples.size());
    if (config.train.sampler == TrainingConfig::Sampler::ClassBalanced) {
        const std::vector<int> counts = classHistogram(samples);
        std::vector<double> weights;
        for (const Sample &s : samples)
            weights.push_back(1.0 / counts[size_t(s.label)]);
        std::vector<double> cumulative(weights.size());
        std::partial_sum(weights.begin(), weights.end(), cumulative.begin());
        for (int &index : order)
            index = int(std::lower_bound(cumulative.begin(), cumulative.end(),
                                         rng.uniform() * cumulative.back()) -
                        cumulative.begin());
        return order;
    }
    std::iota(order.begin(), order.end(), 0);
    for (size_t i = order.size(); i > 1; --i)
        std::swap(order[i - 1], order[size_t(rng.range(0, int(i) - 1))]);
    return order;
}

torch::Tensor toImages(const Batch &batch, const PipelineOptions &o, const torch::Device &device)
{
    return torch::from_blob(const_cast<float *>(batch.images.data()),
                            {batch.count, 3, o.height, o.width}, torch::kFloat32)
        .to(device);
}

struct Validation
{
    double loss = 0;
    ConfusionMatrix confusion;
    std::vector<std::pair<int, std::vector<float>>> probabilities; // sample, 18 probabilities
};

Validation validate(Classifier &model, BatchLoader &loader, const TrainConfig &config,
                    const torch::Tensor &weights, const torch::Device &device)
{
    Validation v;
    model->eval();
    torch::NoGradGuard noGrad;
    std::vector<int> order(loader.samples().size());
    std::iota(order.begin(), order.end(), 0);
    loader.startEpoch(order, 0);
    double lossSum = 0;
    int64_t count = 0;
    while (auto batch = loader.next()) {
        if (batch->count == 0)
            continue;
        const torch::Tensor logits = model->forward(toImages(*batch, loader.options(), device));
        const torch::Tensor targets = torch::tensor(batch->labels).to(device);
        lossSum += totalLoss(config.loss, logits, targets, weights).item<double>() * batch->count;
        count += batch->count;
        const torch::Tensor probs = torch::softmax(logits, 1).cpu().contiguous();
        const torch::Tensor predicted = probs.argmax(1);
        for (int i = 0; i < batch->count; ++i) {
            v.confusion.add(int(batch->labels[size_t(i)]), int(predicted[i].item<int64_t>()));
            const float *p = probs[i].data_ptr<float>();
            v.probabilities.push_back(
                {batch->samples[size_t(i)], std::vector<float>(p, p + kClassCount)});
        }
    }
    v.loss = count > 0 ? lossSum / double(count) : 0;
    return v;
}

} // namespace

TrainResult train(const TrainConfig &requested, const QString &runDir, const TrainSink &sink,
                  const std::atomic<bool> *cancel, bool resume)
{
    TrainResult result;
    result.runDir = QDir(runDir).absolutePath();
    RunFiles files(result.runDir);
    RunStatusKeeper status(result.runDir);
    // An event that carries a message (Info, Warning, CheckpointSaved, Failed).
    const auto tell = [&sink](TrainEvent::Kind kind, int epoch, const QString &message) {
        TrainEvent e;
        e.kind = kind;
        e.epoch = epoch;
        e.message = message;
        sink(e);
    };
    auto fail = [&](const QString &message) {
        result.error = message;
        QString ignored; // the failure itself is what gets reported
        status.end(RunStatus::State::Failed, message, &ignored);
        tell(TrainEvent::Kind::Failed, 0, message);
        return result;
    };
    TrainConfig config = requested;
    QString error;
    if (resume && !files.readConfig(&config, &error))
        return fail(error);
    const TrainingData data = prepareTrainingData(config);
    if (!data.ok)
        return fail(data.error);
    if (config.data.normalize == DataConfig::Normalize::Dataset) {
        config.data.mean = data.mean; // the resolved config records the values used
        config.data.std = data.std;
    }
    if (!resume && !files.create(config, &error))
        return fail(error);

    const int threads = config.train.threads > 0
                            ? config.train.threads
                            : int(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads); // LibTorch uses one thread by default here
    QString deviceNote;
    const torch::Device device = chooseDevice(config.train.device, &deviceNote);
    torch::manual_seed(uint64_t(config.train.seed));
    Classifier model(config.model);
    QString pretrainedNote;
    if (!resume && !config.model.pretrained.isEmpty()) { // a resumed run has its own weights
        const std::optional<QString> note =
            loadPretrainedFile(model, config.model.pretrained, &error);
        if (!note)
            return fail(QStringLiteral("model.pretrained: ") + error);
        pretrainedNote = *note;
    }
    model->to(device);
    std::unique_ptr<torch::optim::Optimizer> optimizer =
        makeOptimizer(config.optimizer, model->parameters());
    const torch::Tensor weights = [&] {
        torch::Tensor w = classWeights(config.loss, data.train);
        return w.defined() ? w.to(device) : w;
    }();

    int startEpoch = 0;
    double best = -1;
    if (resume) {
        if (!files.loadCheckpoint(QStringLiteral("last.pt"), model, *optimizer, &startEpoch, &best,
                                  &error))
            return fail(error);
        result.history = files.readHistory();
    }
    BatchLoader trainLoader(data.train, pipelineOptions(config, true), config.train.batchSize,
                            config.train.workers);
    BatchLoader validationLoader(data.validation, pipelineOptions(config, false),
                                 config.train.batchSize, config.train.workers);
    TrainEvent started;
    started.kind = TrainEvent::Kind::RunStarted;
    started.epochs = config.train.epochs;
    started.epoch = startEpoch;
    started.message = QStringLiteral("%1, %2 threads; %3 training photos (%4 persons), %5 "
                                     "validation photos (%6 persons)")
                          .arg(device.is_cuda() ? QStringLiteral("CUDA") : QStringLiteral("CPU"))
                          .arg(threads)
                          .arg(data.train.size())
                          .arg(data.trainPersons)
                          .arg(data.validation.size())
                          .arg(data.validationPersons);
    if (!status.begin(started.message.section(u';', 0, 0), &error))
        return fail(error);
    sink(started);
    if (!data.note.isEmpty())
        tell(TrainEvent::Kind::Warning, 0, data.note);
    if (!pretrainedNote.isEmpty())
        tell(TrainEvent::Kind::Info, 0, pretrainedNote);
    if (!deviceNote.isEmpty())
        tell(TrainEvent::Kind::Warning, 0, deviceNote);

    int sinceBest = 0;
    for (int epoch = startEpoch; epoch < config.train.epochs; ++epoch) {
        QElapsedTimer timer;
        timer.start();
        // Everything random in an epoch derives from (seed, epoch): a resumed run repeats it.
        const uint64_t epochSeed = mixSeed(uint64_t(config.train.seed), uint64_t(epoch) + 1);
        torch::manual_seed(epochSeed);
        const double lr = learningRate(config, epoch);
        for (auto &group : optimizer->param_groups())
            group.options().set_lr(lr);
        const bool frozen = epoch < config.model.freezeBackboneEpochs;
        for (torch::Tensor &p : model->backboneParameters())
            p.set_requires_grad(!frozen);
        model->train();
        trainLoader.startEpoch(epochOrder(config, data.train, epochSeed), epochSeed);
        double lossSum = 0;
        int64_t seen = 0;
        int failed = 0;
        int batchNumber = 0;
        const int batches = trainLoader.batchesPerEpoch();
        while (auto batch = trainLoader.next()) {
            ++batchNumber;
            failed += batch->failed;
            if (batch->count == 0)
                continue;
            optimizer->zero_grad();
            const torch::Tensor loss =
                batchLoss(model, toImages(*batch, trainLoader.options(), device),
                          torch::tensor(batch->labels).to(device), config, weights);
            const double value = loss.item<double>();
            if (!std::isfinite(value))
                return fail(QStringLiteral("the loss became %1 in epoch %2, batch %3; lower "
                                           "optimizer.lr or set train.grad_clip")
                                .arg(value)
                                .arg(epoch + 1)
                                .arg(batchNumber));
            loss.backward();
            if (config.train.gradClip > 0)
                torch::nn::utils::clip_grad_norm_(model->parameters(), config.train.gradClip);
            optimizer->step();
            lossSum += value * batch->count;
            seen += batch->count;
            TrainEvent e;
            e.kind = TrainEvent::Kind::BatchDone;
            e.epoch = epoch + 1;
            e.epochs = config.train.epochs;
            e.batch = batchNumber;
            e.batches = batches;
            e.loss = value;
            e.imagesPerSecond = seen / std::max(1e-9, timer.nsecsElapsed() / 1e9);
            sink(e);
            if (cancel && cancel->load()) {
                result.cancelled = true;
                break;
            }
        }
        if (failed > 0)
            tell(TrainEvent::Kind::Warning, epoch + 1,
                 QStringLiteral("%1 photos did not decode and were skipped").arg(failed));
        if (result.cancelled) {
            // Stopped mid-epoch: keep the last complete epoch's checkpoint; resume redoes this one.
            break;
        }
        const double trainSeconds = timer.nsecsElapsed() / 1e9;
        const Validation v = validate(model, validationLoader, config, weights, device);
        EpochMetrics m;
        m.epoch = epoch + 1;
        m.trainLoss = seen > 0 ? lossSum / double(seen) : 0;
        m.validationLoss = v.loss;
        m.macroF1 = v.confusion.macroF1();
        m.accuracy = v.confusion.accuracy();
        m.maskF1 = v.confusion.maskTask().macroF1();
        m.genderF1 = v.confusion.genderTask().macroF1();
        m.ageF1 = v.confusion.ageTask().macroF1();
        m.lr = lr;
        m.imagesPerSecond = seen / std::max(1e-9, trainSeconds);
        m.seconds = timer.nsecsElapsed() / 1e9;
        for (int c = 0; c < kClassCount; ++c)
            m.classF1.push_back(v.confusion.f1(c));
        result.history.push_back(m);
        const bool improved = m.macroF1 > best;
        if (improved) {
            best = m.macroF1;
            sinceBest = 0;
        } else {
            ++sinceBest;
        }
        if (!files.appendMetrics(m, &error) ||
            !files.saveCheckpoint(QStringLiteral("last.pt"), model, *optimizer, epoch + 1, best,
                                  &error) ||
            (improved &&
             (!files.saveCheckpoint(QStringLiteral("best.pt"), model, *optimizer, epoch + 1, best,
                                    &error) ||
              !files.saveValidation(v.confusion, v.probabilities, data.validation, &error))))
            return fail(error); // the previous checkpoint file is intact (written aside first)
        tell(TrainEvent::Kind::CheckpointSaved, epoch + 1, files.path(QStringLiteral("last.pt")));
        if (improved)
            tell(TrainEvent::Kind::CheckpointSaved, epoch + 1,
                 files.path(QStringLiteral("best.pt")));
        TrainEvent done;
        done.kind = TrainEvent::Kind::EpochDone;
        done.epoch = epoch + 1;
        done.epochs = config.train.epochs;
        done.metrics = m;
        sink(done);
        result.epochsDone = epoch + 1;
        if (config.train.earlyStoppingPatience > 0 &&
            sinceBest >= config.train.earlyStoppingPatience) {
            tell(TrainEvent::Kind::Warning, epoch + 1,
                 QStringLiteral("early stopping: no better macro F1 for %1 epochs").arg(sinceBest));
            break;
        }
    }
    for (const EpochMetrics &m : result.history) {
        if (m.macroF1 >= result.bestMacroF1) {
            result.bestMacroF1 = m.macroF1;
            result.bestEpoch = m.epoch;
        }
    }
    if (!status.end(result.cancelled ? RunStatus::State::Stopped : RunStatus::State::Finished,
                    QString(), &error))
        return fail(error);
    result.ok = true;
    TrainEvent finished;
    finished.kind = TrainEvent::Kind::Finished;
    finished.epoch = result.epochsDone;
    finished.message = result.cancelled ? QStringLiteral("stopped") : QStringLiteral("finished");
    sink(finished);
    return result;
}

} // namespace masklab::trainer
