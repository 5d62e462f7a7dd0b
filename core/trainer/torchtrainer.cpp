// The training loop: model, optimizer, schedule, epochs over the batch loader, validation
// metrics, checkpoints and the run folder's files.

#include "batchloader.h"
#include "failure.h"
#include "losses.h"
#include "metrics.h"
#include "models.h"
#include "random.h"
#include "runfiles.h"
#include "skippedphotos.h"
#include "statedictfile.h"
#include "trainer.h"
#include "trainingdata.h"
#include "trainingsetup.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <cmath>
#include <thread>

namespace masklab::trainer {

namespace {

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
    std::vector<int> failedSamples;                                // did not decode
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
        v.failedSamples.insert(v.failedSamples.end(), batch->failedSamples.begin(),
                               batch->failedSamples.end());
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

// The photos of samples at indexes, as skipped because they did not decode.
std::vector<SkippedPhoto> undecoded(const std::vector<Sample> &samples,
                                    const std::vector<int> &indexes)
{
    std::vector<SkippedPhoto> photos;
    for (int i : indexes)
        photos.push_back({samples[size_t(i)].path, QStringLiteral("does not decode")});
    return photos;
}

// Ends the run as failed: status.json (once the run has begun) and the Failed event.
TrainResult failRun(TrainResult result, const QString &message, RunStatusKeeper &status,
                    const TrainSink &sink)
{
    result.ok = false;
    result.error = message;
    QString ignored; // the failure itself is what gets reported
    status.end(RunStatus::State::Failed, message, &ignored);
    TrainEvent e;
    e.kind = TrainEvent::Kind::Failed;
    e.message = message;
    sink(e);
    return result;
}

// A new run of `requested`, or (none) the run in result.runDir resumed with its saved config.
TrainResult runTraining(const std::optional<TrainConfig> &requested, TrainResult &result,
                        const TrainSink &sink, const std::atomic<bool> *cancel,
                        RunStatusKeeper &status)
{
    RunFiles files(result.runDir);
    // An event that carries a message (Info, Warning, CheckpointSaved).
    const auto tell = [&sink](TrainEvent::Kind kind, int epoch, const QString &message) {
        TrainEvent e;
        e.kind = kind;
        e.epoch = epoch;
        e.message = message;
        sink(e);
    };
    auto fail = [&](const QString &message) { return failRun(result, message, status, sink); };
    const bool resume = !requested;
    TrainConfig config = requested.value_or(TrainConfig{});
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
    // The age groups the classes meant, so predictions of runs trained under other
    // workspace thresholds are not averaged together.
    config.data.ageMiddleFrom = data.thresholds.middleFrom;
    config.data.ageOldFrom = data.thresholds.oldFrom;
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

    TrainingPosition resumed; // where last.pt stands; a new run starts at epoch 0
    if (resume) {
        if (!files.loadCheckpoint(QStringLiteral("last.pt"), model, *optimizer, &resumed, &error))
            return fail(error);
        result.history = files.readHistory();
    }
    const int startEpoch = resumed.epoch;
    double best = resumed.bestMacroF1;
    result.epochsDone = startEpoch;
    BatchLoader trainLoader(data.train, pipelineOptions(config, true), config.train.batchSize,
                            config.train.workers);
    BatchLoader validationLoader(data.validation, pipelineOptions(config, false),
                                 config.train.batchSize, config.train.workers);
    TrainEvent started;
    started.kind = TrainEvent::Kind::RunStarted;
    started.epochs = config.train.epochs;
    started.epoch = startEpoch;
    started.device = QStringLiteral("%1, %2 threads")
                         .arg(device.is_cuda() ? QStringLiteral("CUDA") : QStringLiteral("CPU"))
                         .arg(threads);
    started.message = QStringLiteral("%1; %2 training photos (%3 persons), %4 validation photos "
                                     "(%5 persons)")
                          .arg(started.device)
                          .arg(data.train.size())
                          .arg(data.trainPersons)
                          .arg(data.validation.size())
                          .arg(data.validationPersons);
    if (!status.begin(started.device, &error))
        return fail(error);
    result.began = true;
    sink(started);
    SkippedPhotos skipped(result.runDir, data.datasetRoot,
                          int(data.train.size() + data.validation.size() + data.skipped.size()),
                          config.data.maxSkippedPhotos);
    // Lists new skipped photos, warns of them and counts them; why the run must stop, if it must.
    const auto skip = [&](const std::vector<SkippedPhoto> &photos, int epoch) {
        QString problem;
        const std::vector<SkippedPhoto> added = skipped.add(photos, epoch, &problem);
        if (!added.empty())
            tell(TrainEvent::Kind::Warning, epoch, skipped.addedMessage(added));
        if (problem.isEmpty() && status.setSkippedPhotos(skipped.count(), &problem) &&
            skipped.overLimit())
            problem = skipped.limitMessage();
        return problem;
    };
    if (const QString problem = skip(data.skipped, 0); !problem.isEmpty())
        return fail(problem);
    if (!data.note.isEmpty())
        tell(TrainEvent::Kind::Warning, 0, data.note);
    if (resume)
        tell(TrainEvent::Kind::Info, startEpoch,
             resumed.batchesDone > 0 ? QStringLiteral("continuing epoch %1 after batch %2")
                                           .arg(startEpoch + 1)
                                           .arg(resumed.batchesDone)
                                     : QStringLiteral("continuing after epoch %1").arg(startEpoch));
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
        // A run stopped in this epoch goes on after its last batch, with its sums and RNG.
        const bool midEpoch = epoch == startEpoch && resumed.batchesDone > 0;
        if (midEpoch)
            setCpuRngState(resumed.rngState);
        const double lr = learningRate(config, epoch);
        for (auto &group : optimizer->param_groups())
            group.options().set_lr(lr);
        const bool frozen = epoch < config.model.freezeBackboneEpochs;
        for (torch::Tensor &p : model->backboneParameters())
            p.set_requires_grad(!frozen);
        model->train();
        trainLoader.startEpoch(epochOrder(config, data.train, epochSeed), epochSeed,
                               midEpoch ? resumed.batchesDone : 0);
        double lossSum = midEpoch ? resumed.lossSum : 0;
        int64_t seen = midEpoch ? resumed.seen : 0;
        int failed = midEpoch ? resumed.failed : 0;
        int batchNumber = midEpoch ? resumed.batchesDone : 0;
        const double earlierSeconds = midEpoch ? resumed.trainSeconds : 0;
        const auto secondsSoFar = [&] { return earlierSeconds + timer.nsecsElapsed() / 1e9; };
        const int batches = trainLoader.batchesPerEpoch();
        while (auto batch = trainLoader.next()) {
            ++batchNumber;
            failed += batch->failed;
            if (batch->failed > 0)
                if (const QString problem =
                        skip(undecoded(data.train, batch->failedSamples), epoch + 1);
                    !problem.isEmpty())
                    return fail(problem);
            if (batch->count == 0)
                continue;
            injectFault("train-batch");
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
            e.imagesPerSecond = seen / std::max(1e-9, secondsSoFar());
            e.skippedPhotos = skipped.count();
            if (!files.appendBatch({e.epoch, e.batch, e.batches, e.loss, e.imagesPerSecond},
                                   &error))
                return fail(error);
            sink(e);
            if (cancel && cancel->load()) {
                result.cancelled = true;
                break;
            }
        }
        if (result.cancelled) {
            // Stopped mid-epoch: last.pt records this point, so no finished batch is lost.
            TrainingPosition stop;
            stop.epoch = epoch;
            stop.bestMacroF1 = best;
            stop.batchesDone = batchNumber;
            stop.lossSum = lossSum;
            stop.seen = seen;
            stop.failed = failed;
            stop.trainSeconds = secondsSoFar();
            stop.rngState = cpuRngState();
            if (!files.saveCheckpoint(QStringLiteral("last.pt"), model, *optimizer, stop, &error))
                return fail(error);
            tell(TrainEvent::Kind::CheckpointSaved, epoch + 1,
                 files.path(QStringLiteral("last.pt")));
            result.stoppedAfterBatch = batchNumber;
            break;
        }
        const double trainSeconds = secondsSoFar();
        const Validation v = validate(model, validationLoader, config, weights, device);
        if (const QString problem = skip(undecoded(data.validation, v.failedSamples), epoch + 1);
            !problem.isEmpty())
            return fail(problem);
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
        m.seconds = secondsSoFar();
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
        TrainingPosition end;
        end.epoch = epoch + 1;
        end.bestMacroF1 = best;
        if (!files.appendMetrics(m, &error) ||
            !files.saveCheckpoint(QStringLiteral("last.pt"), model, *optimizer, end, &error) ||
            (improved &&
             (!files.saveCheckpoint(QStringLiteral("best.pt"), model, *optimizer, end, &error) ||
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
    finished.message =
        !result.cancelled ? QStringLiteral("finished")
        : result.stoppedAfterBatch > 0
            ? QStringLiteral("stopped in epoch %1 after batch %2; resume continues from there")
                  .arg(result.epochsDone + 1)
                  .arg(result.stoppedAfterBatch)
            : QStringLiteral("stopped");
    sink(finished);
    return result;
}

} // namespace

namespace {
TrainResult trainOrResume(const std::optional<TrainConfig> &config, const QString &runDir,
                          const TrainSink &given, const std::atomic<bool> *cancel)
{
    const TrainSink sink = given ? given : [](const TrainEvent &) {}; // nobody listening
    TrainResult result;
    result.runDir = QDir(runDir).absolutePath();
    RunStatusKeeper status(result.runDir);
    try {
        return runTraining(config, result, sink, cancel, status);
    } catch (...) {
        // Out of memory, a LibTorch or OpenCV error: the run fails, the process goes on.
        return failRun(result, describeFailure(std::current_exception()), status, sink);
    }
}
} // namespace

TrainResult train(const TrainConfig &config, const QString &runDir, const TrainSink &sink,
                  const std::atomic<bool> *cancel)
{
    return trainOrResume(config, runDir, sink, cancel);
}

TrainResult resume(const QString &runDir, const TrainSink &sink, const std::atomic<bool> *cancel)
{
    return trainOrResume(std::nullopt, runDir, sink, cancel);
}

} // namespace masklab::trainer
