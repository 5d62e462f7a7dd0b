// The end of a TrainingRun's epoch and of a stop: validation, the epoch's metrics, the
// checkpoints and the early-stopping rule.

#include "trainingrun.h"

#include "lrschedule.h"
#include "processgroup.h"
#include "validationpass.h"

namespace masklab::trainer {

QString TrainingRun::saveStopPoint(const TrainingPosition &position)
{
    TrainingPosition stop = position;
    stop.bestMacroF1 = m_best;
    stop.rngState = cpuRngState();
    stop.worldSize = m_group ? m_group->worldSize() : 1;
    if (m_scaler.enabled())
        stop.lossScale = m_scaler.state();
    QString error;
    if (writes() &&
        !m_files.saveCheckpoint(QStringLiteral("last.pt"), m_model, *m_optimizer, stop, &error))
        return error;
    tell(TrainEvent::Kind::CheckpointSaved, stop.epoch + 1,
         m_files.path(QStringLiteral("last.pt")));
    m_result.stoppedAfterBatch = stop.batchesDone;
    return {};
}

bool TrainingRun::stopsBeforeEpoch(int epoch)
{
    if (m_group || epoch == firstEpoch() || !m_cancel || !m_cancel->load())
        return false;
    m_result.cancelled = true;
    return true;
}

QString TrainingRun::validateAndSave(int epoch, const TrainingPosition &position)
{
    if (m_group) // batch-norm statistics are per rank while training: rank 0's are kept
        shareRankZeroWeights();
    const Validation v =
        validate(m_model, *m_validationLoader, m_config, m_classWeights, m_device, m_group);
    if (const QString problem = skipUndecoded(m_data.validation, v.failedSamples, epoch + 1);
        !problem.isEmpty())
        return problem;
    const EpochMetrics m = epochMetrics(epoch, position, v);
    tellGradientTraffic(m.epoch, position.trainSeconds);
    m_result.history.push_back(m);
    const bool improved = m.macroF1 > m_best;
    m_best = std::max(m_best, m.macroF1);
    m_sinceBest = improved ? 0 : m_sinceBest + 1;
    if (writes())
        if (const QString problem = saveEpoch(m, v, improved); !problem.isEmpty())
            return problem;
    TrainEvent done;
    done.kind = TrainEvent::Kind::EpochDone;
    done.epoch = epoch + 1;
    done.epochs = m_config.train.epochs;
    done.metrics = m;
    m_sink(done);
    m_result.epochsDone = epoch + 1;
    return {};
}

EpochMetrics TrainingRun::epochMetrics(int epoch, const TrainingPosition &position,
                                       const Validation &v)
{
    EpochMetrics m;
    m.epoch = epoch + 1;
    m.trainLoss = position.seen > 0 ? position.lossSum / double(position.seen) : 0;
    m.validationLoss = v.loss;
    m.macroF1 = v.confusion.macroF1();
    m.accuracy = v.confusion.accuracy();
    m.maskF1 = v.confusion.maskTask().macroF1();
    m.genderF1 = v.confusion.genderTask().macroF1();
    m.ageF1 = v.confusion.ageTask().macroF1();
    // The rate of the epoch's last batch (also when a resume found the epoch already trained).
    m.lr = learningRate(m_config, epoch, m_trainLoader->batchesPerEpoch() - 1,
                        m_trainLoader->batchesPerEpoch());
    m.imagesPerSecond = position.seen / std::max(1e-9, position.trainSeconds);
    m.seconds = secondsThisEpoch(); // training and validation
    for (int c = 0; c < kClassCount; ++c)
        m.classF1.push_back(v.confusion.f1(c));
    return m;
}

// metrics.jsonl, last.pt, and when the macro F1 improved best.pt with its validation answers.
// A failed save keeps the previous file intact (written aside first).
QString TrainingRun::saveEpoch(const EpochMetrics &m, const Validation &v, bool improved)
{
    TrainingPosition end;
    end.epoch = m.epoch;
    end.bestMacroF1 = m_best;
    if (m_scaler.enabled())
        end.lossScale = m_scaler.state();
    QString error;
    if (!m_files.appendMetrics(m, &error) ||
        !m_files.saveCheckpoint(QStringLiteral("last.pt"), m_model, *m_optimizer, end, &error))
        return error;
    tell(TrainEvent::Kind::CheckpointSaved, m.epoch, m_files.path(QStringLiteral("last.pt")));
    if (!improved)
        return {};
    if (!m_files.saveCheckpoint(QStringLiteral("best.pt"), m_model, *m_optimizer, end, &error) ||
        !m_files.saveValidation(v.confusion, v.probabilities, m_data.validation, &error))
        return error;
    tell(TrainEvent::Kind::CheckpointSaved, m.epoch, m_files.path(QStringLiteral("best.pt")));
    return {};
}

bool TrainingRun::shouldStopEarly()
{
    const int patience = m_config.train.earlyStoppingPatience;
    if (patience <= 0 || m_sinceBest < patience)
        return false;
    tell(TrainEvent::Kind::Warning, m_result.epochsDone,
         QStringLiteral("early stopping: no better macro F1 for %1 epochs").arg(m_sinceBest));
    return true;
}

} // namespace masklab::trainer
