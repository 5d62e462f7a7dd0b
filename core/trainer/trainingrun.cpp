#include "trainingrun.h"

#include "gradientaverager.h"
#include "losses.h"
#include "parallel.h"
#include "pretrainedweights.h"
#include "random.h"
#include "statedictfile.h"
#include "trainingsetup.h"
#include "validationpass.h"

#include <cmath>
#include <thread>

namespace masklab::trainer {

TrainingRun::TrainingRun(std::optional<TrainConfig> requested, TrainResult &result,
                         const TrainSink &sink, const std::atomic<bool> *cancel,
                         RunStatusKeeper &status, ProcessGroup *group,
                         std::optional<TrainingConfig::Precision> precision)
    : m_result(result), m_sink(sink), m_cancel(cancel), m_status(status), m_resume(!requested),
      m_config(requested.value_or(TrainConfig{})), m_files(result.runDir),
      m_resumePrecision(precision), m_group(group)
{
}

TrainingRun::~TrainingRun() = default;

// The data, the run folder (a new run's config.yaml), the model and the loaders.
QString TrainingRun::prepare()
{
    QString error;
    if (m_resume && !m_files.readConfig(&m_config, &error))
        return error;
    if (m_resume && m_resumePrecision && *m_resumePrecision != m_config.train.precision) {
        m_savedPrecision = precisionSettingName(m_config.train.precision);
        m_config.train.precision = *m_resumePrecision;
    }
    m_data = prepareTrainingData(m_config, writes());
    if (!m_data.ok)
        return m_data.error;
    if (m_config.data.normalize == DataConfig::Normalize::Dataset) {
        m_config.data.mean = m_data.mean; // the resolved config records the values used
        m_config.data.std = m_data.std;
    }
    // The age groups the classes meant, so predictions of runs trained under other
    // workspace thresholds are not averaged together.
    m_config.data.ageMiddleFrom = m_data.thresholds.middleFrom;
    m_config.data.ageOldFrom = m_data.thresholds.oldFrom;
    if (const QString problem = checkSameConfig(); !problem.isEmpty())
        return problem;
    if (const QString problem = takeDevice(); !problem.isEmpty())
        return problem;
    if (!m_resume && writes() && !m_files.create(m_config, &error))
        return error;
    if (const QString problem = loadModel(); !problem.isEmpty())
        return problem;
    m_trainLoader = std::make_unique<BatchLoader>(m_data.train, pipelineOptions(m_config, true),
                                                  m_config.train.batchSize, m_config.train.workers);
    m_validationLoader =
        std::make_unique<BatchLoader>(m_data.validation, pipelineOptions(m_config, false),
                                      m_config.train.batchSize, m_config.train.workers);
    return {};
}

// Threads, device, and (distributed) the backend between the ranks.
QString TrainingRun::takeDevice()
{
    // threads: 0 is a core each; ranks of one machine share its cores (torchrun gives each one
    // OpenMP thread for the same reason).
    const int cores = availableCores();
    const int sharing = m_group ? m_group->localWorldSize() : 1;
    m_threads = m_config.train.threads > 0 ? m_config.train.threads : std::max(1, cores / sharing);
    torch::set_num_threads(m_threads); // LibTorch uses one thread by default here
    m_device = chooseDevice(m_config.train.device, &m_deviceNote);
    if (const QString problem = takeRankDevice(); !problem.isEmpty())
        return problem;
    QString error; // refused here, before the run folder exists
    const std::optional<PrecisionChoice> precision = choosePrecision(m_config, m_device, &error);
    if (!precision)
        return error;
    m_precision = *precision;
    m_scaler = LossScaler(m_precision.lossScaling);
    return {};
}

// Model (pretrained weights, or a resumed run's last.pt), optimizer and class weights.
QString TrainingRun::loadModel()
{
    torch::manual_seed(uint64_t(m_config.train.seed));
    m_model = makeClassifier(m_config);
    QString error;
    if (!m_resume && !m_config.model.pretrained.isEmpty()) { // a resumed run has its own weights
        const std::optional<QString> path = resolvePretrained(m_config.model, &error);
        const std::optional<QString> note =
            path ? loadPretrainedFile(m_model, *path, &error) : std::nullopt;
        if (!note)
            return QStringLiteral("model.pretrained: ") + error;
        m_pretrainedNote = *note;
    }
    m_model->to(m_device);
    m_optimizer = makeOptimizer(m_config.optimizer, m_model->parameters());
    m_classWeights = classWeights(m_config.loss, m_data.train);
    if (m_classWeights.defined())
        m_classWeights = m_classWeights.to(m_device);
    if (m_resume) {
        if (!m_files.loadCheckpoint(QStringLiteral("last.pt"), m_model, *m_optimizer, &m_resumed,
                                    &error))
            return error;
        m_result.history = m_files.readHistory();
        if (m_scaler.enabled() && m_resumed.lossScale) { // an fp16 run goes on with its scale
            m_scaler.restore(*m_resumed.lossScale);
            m_skippedBeforeEpoch = m_resumed.lossScale->skippedSteps;
        }
    }
    m_best = m_resumed.bestMacroF1;
    m_sinceBest = epochsSinceBest(m_result.history, m_resumed.epoch);
    m_result.epochsDone = m_resumed.epoch;
    if (m_group) {
        shareRankZeroWeights();
        m_averager = std::make_unique<GradientAverager>(*m_group);
    }
    m_memoryFormat = useMemoryFormat(m_model, m_config, m_device, m_precision); // weights loaded
    return {};
}

// status.json says "running"; the RunStarted event; photos known not to decode; the notes.
QString TrainingRun::begin()
{
    TrainEvent started;
    started.kind = TrainEvent::Kind::RunStarted;
    started.epochs = m_config.train.epochs;
    started.epoch = m_resumed.epoch;
    started.device = QStringLiteral("%1, %2 thread%3")
                         .arg(m_device.is_cuda() ? QStringLiteral("CUDA") : QStringLiteral("CPU"))
                         .arg(m_threads)
                         .arg(m_threads == 1 ? QString() : QStringLiteral("s"));
    const int world = m_group ? m_group->worldSize() : 1;
    const QString backend = m_group ? m_group->backend() : QString();
    if (m_group)
        started.device += QStringLiteral(" per rank, %1 (%2)").arg(ranksText(world), backend);
    started.device += QStringLiteral(", ") + m_precision.name;
    if (m_memoryFormat.channelsLast)
        started.device += QStringLiteral(", channels-last");
    started.message = QStringLiteral("%1; %2 training photos (%3 persons), %4 validation photos "
                                     "(%5 persons)")
                          .arg(started.device)
                          .arg(m_data.train.size())
                          .arg(m_data.trainPersons)
                          .arg(m_data.validation.size())
                          .arg(m_data.validationPersons);
    // Read before begin() rewrites it: how the run computed before this resume.
    const QString deviceBefore = m_resume ? readRunStatus(m_result.runDir).device : QString();
    QString error;
    if (writes() && !m_status.begin(started.device, world, backend, &error))
        return error;
    m_result.began = true;
    m_sink(started);
    const int photos = int(m_data.train.size() + m_data.validation.size() + m_data.skipped.size());
    m_skipped = std::make_unique<SkippedPhotos>(m_result.runDir, m_data.datasetRoot, photos,
                                                m_config.data.maxSkippedPhotos);
    if (const QString problem = skip(m_data.skipped, 0); !problem.isEmpty())
        return problem;
    if (!m_data.note.isEmpty())
        tell(TrainEvent::Kind::Warning, 0, m_data.note);
    if (m_resume)
        tell(TrainEvent::Kind::Info, m_resumed.epoch,
             resumeNote() + (m_savedPrecision.isEmpty()
                                 ? QString()
                                 : QStringLiteral(", in %1 now (config.yaml says %2)")
                                       .arg(precisionSettingName(m_config.train.precision),
                                            m_savedPrecision)));
    if (!deviceBefore.isEmpty() && m_savedPrecision.isEmpty() &&
        arithmeticOf(deviceBefore) != arithmeticOf(started.device))
        tell(TrainEvent::Kind::Info, m_resumed.epoch,
             QStringLiteral("computing in %1 now, in %2 before: train.precision or "
                            "train.memory_format is auto, and this MaskLab chooses otherwise")
                 .arg(arithmeticOf(started.device), arithmeticOf(deviceBefore)));
    if (!m_pretrainedNote.isEmpty())
        tell(TrainEvent::Kind::Info, 0, m_pretrainedNote);
    if (!m_deviceNote.isEmpty())
        tell(TrainEvent::Kind::Warning, 0, m_deviceNote);
    if (!m_precision.note.isEmpty())
        tell(TrainEvent::Kind::Info, 0, QStringLiteral("precision: ") + m_precision.note);
    if (!m_memoryFormat.note.isEmpty())
        tell(TrainEvent::Kind::Info, 0, QStringLiteral("memory format: ") + m_memoryFormat.note);
    return {};
}

// The precision and memory layout a device line names ("CPU, 2 threads, bf16, channels-last"):
// "bf16, channels-last"; a line from before precisions were named: "fp32, contiguous".
QString TrainingRun::arithmeticOf(const QString &device)
{
    const QStringList parts = device.split(QStringLiteral(", "));
    QString precision = QStringLiteral("fp32");
    for (const QString &low : {QStringLiteral("bf16"), QStringLiteral("fp16")})
        if (parts.contains(low))
            precision = low;
    return precision + (parts.contains(QStringLiteral("channels-last"))
                            ? QStringLiteral(", channels-last")
                            : QStringLiteral(", contiguous"));
}

// The epochs without a better macro F1 after the best one, among the first `epochs`: what
// early stopping had counted when the run stopped, so that a resumed run stops where an
// uninterrupted one would.
int TrainingRun::epochsSinceBest(const std::vector<EpochMetrics> &history, int epochs)
{
    double best = TrainingPosition{}.bestMacroF1;
    int since = 0;
    for (const EpochMetrics &m : history) {
        if (m.epoch > epochs)
            break;
        since = m.macroF1 > best ? 0 : since + 1;
        best = std::max(best, m.macroF1);
    }
    return since;
}

QString TrainingRun::trainEpoch(int epoch, TrainingPosition *position)
{
    m_epochTimer.start();
    // Everything random in an epoch derives from (seed, epoch): a resumed run repeats it.
    const uint64_t epochSeed = mixSeed(uint64_t(m_config.train.seed), uint64_t(epoch) + 1);
    torch::manual_seed(epochSeed);
    // A run stopped in this epoch goes on after its last batch, with its sums and RNG.
    const bool midEpoch = epoch == m_resumed.epoch && m_resumed.batchesDone > 0;
    *position = midEpoch ? continuingPosition() : TrainingPosition{};
    position->epoch = epoch;
    if (midEpoch)
        setCpuRngState(m_resumed.rngState);
    m_earlierSeconds = position->trainSeconds;
    const bool frozen = epoch < m_config.model.freezeBackboneEpochs;
    for (torch::Tensor &p : m_model->backboneParameters())
        p.set_requires_grad(!frozen);
    m_model->train();
    m_trainLoader->startEpoch(epochShare(epochSeed), epochSeed, position->batchesDone);
    while (auto batch = m_trainLoader->next()) {
        ++position->batchesDone;
        position->failed += batch->failed;
        m_failedThisEpoch.insert(m_failedThisEpoch.end(), batch->failedSamples.begin(),
                                 batch->failedSamples.end());
        if (batch->failed > 0)
            if (const QString problem =
                    skipUndecoded(m_data.train, batch->failedSamples, epoch + 1);
                !problem.isEmpty())
                return problem;
        if (batch->count == 0 && !m_group) // a rank takes part in every step
            continue;
        if (const QString problem = trainBatch(*batch, epoch, position); !problem.isEmpty())
            return problem;
        // Ranks stop after the step in which one of them was asked to (trainBatch knows);
        // one process at once.
        if (!m_group && m_cancel && m_cancel->load())
            m_result.cancelled = true;
        if (cancelled())
            break;
    }
    position->trainSeconds = secondsThisEpoch();
    tellLossScale(epoch);
    // Rank 0 lists what every rank could not decode (one process: listed already).
    return skipUndecoded(m_data.train, failedOnAnyRank(), epoch + 1);
}

// The best epoch, status.json's end state and the Finished event.
QString TrainingRun::finish()
{
    for (const EpochMetrics &m : m_result.history) {
        if (m.macroF1 >= m_result.bestMacroF1) {
            m_result.bestMacroF1 = m.macroF1;
            m_result.bestEpoch = m.epoch;
        }
    }
    QString error;
    if (!m_status.end(m_result.cancelled ? RunStatus::State::Stopped : RunStatus::State::Finished,
                      QString(), &error))
        return error;
    m_result.ok = true;
    TrainEvent finished;
    finished.kind = TrainEvent::Kind::Finished;
    finished.epoch = m_result.epochsDone;
    finished.message =
        !m_result.cancelled ? QStringLiteral("finished")
        : m_result.stoppedAfterBatch > 0
            ? QStringLiteral("stopped in epoch %1 after batch %2; resume continues from there")
                  .arg(m_result.epochsDone + 1)
                  .arg(m_result.stoppedAfterBatch)
            : QStringLiteral("stopped");
    m_sink(finished);
    return {};
}

QString TrainingRun::skip(const std::vector<SkippedPhoto> &photos, int epoch)
{
    if (!writes()) // rank 0 lists the photos it meets; the others' are not listed yet
        return {};
    QString problem;
    const std::vector<SkippedPhoto> added = m_skipped->add(photos, epoch, &problem);
    if (!added.empty())
        tell(TrainEvent::Kind::Warning, epoch, m_skipped->addedMessage(added));
    if (problem.isEmpty() && m_status.setSkippedPhotos(m_skipped->count(), &problem) &&
        m_skipped->overLimit())
        problem = m_skipped->limitMessage();
    return problem;
}

QString TrainingRun::skipUndecoded(const std::vector<Sample> &samples,
                                   const std::vector<int> &indexes, int epoch)
{
    std::vector<SkippedPhoto> photos;
    for (int i : indexes)
        photos.push_back({samples[size_t(i)].path, QStringLiteral("does not decode")});
    return skip(photos, epoch);
}

// An event that carries a message (Info, Warning, CheckpointSaved).
void TrainingRun::tell(TrainEvent::Kind kind, int epoch, const QString &message)
{
    TrainEvent e;
    e.kind = kind;
    e.epoch = epoch;
    e.message = message;
    m_sink(e);
}

double TrainingRun::secondsThisEpoch() const
{
    return m_earlierSeconds + m_epochTimer.nsecsElapsed() / 1e9;
}

} // namespace masklab::trainer
