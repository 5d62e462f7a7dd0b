#include "trainingjob.h"

namespace masklab::ui {

TrainingJob::TrainingJob(QObject *parent) : BackgroundJob(parent) {}

TrainingJob::~TrainingJob()
{
    stopAndWait();
}

bool TrainingJob::start(const TrainConfig &config, const QString &runDir, bool resume)
{
    if (isRunning())
        return false;
    m_runDir = runDir;
    m_updates.clear();
    return launch([this, config, runDir, resume] {
        const auto sink = [this](const trainer::TrainEvent &e) { record(e); };
        m_result = resume ? trainer::resume(runDir, sink, cancelFlag())
                          : trainer::train(config, runDir, sink, cancelFlag());
    });
}

void TrainingJob::record(const trainer::TrainEvent &e)
{
    using Kind = trainer::TrainEvent::Kind;
    m_updates.post([&](TrainingUpdate &u) {
        switch (e.kind) {
        case Kind::RunStarted:
            u.log << tr("Training on %1").arg(e.message);
            u.device = e.device;
            break;
        case Kind::BatchDone:
            u.trained.push_back({e.epoch, e.batch, e.batches, e.loss, e.imagesPerSecond, e.lr});
            u.hasProgress = true;
            u.epoch = e.epoch;
            u.epochCount = e.epochs;
            u.batch = e.batch;
            u.batches = e.batches;
            u.imagesPerSecond = e.imagesPerSecond;
            break;
        case Kind::EpochDone:
            u.epochs.push_back(e.metrics);
            u.log << tr("Epoch %1/%2: train loss %3, validation loss %4, macro F1 %5")
                         .arg(e.epoch)
                         .arg(e.epochs)
                         .arg(e.metrics.trainLoss, 0, 'f', 4)
                         .arg(e.metrics.validationLoss, 0, 'f', 4)
                         .arg(e.metrics.macroF1, 0, 'f', 4);
            break;
        case Kind::CheckpointSaved:
            u.log << tr("Saved %1").arg(e.message);
            break;
        case Kind::Info:
            u.log << e.message;
            break;
        case Kind::Warning:
            u.log << tr("Warning: %1").arg(e.message);
            break;
        case Kind::Finished:
            u.log << tr("Run %1 (%2 epochs done)").arg(e.message).arg(e.epoch);
            break;
        case Kind::Failed:
            u.log << tr("Failed: %1").arg(e.message);
            break;
        }
    });
}

void TrainingJob::workEnded(const QString &unexpectedError)
{
    if (!unexpectedError.isEmpty()) {
        m_result.ok = false;
        m_result.cancelled = false;
        m_result.error = unexpectedError;
    }
    emit finished(m_result.ok, m_result.cancelled, m_result.error);
}

} // namespace masklab::ui
