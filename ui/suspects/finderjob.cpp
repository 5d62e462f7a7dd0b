#include "finderjob.h"

namespace masklab::ui {

FinderJob::FinderJob(QObject *parent) : BackgroundJob(parent) {}

FinderJob::~FinderJob()
{
    stopAndWait();
}

bool FinderJob::start(const trainer::FinderOptions &options)
{
    if (isRunning())
        return false;
    m_updates.clear();
    return launch([this, options] {
        m_outcome = trainer::findErrors(
            options, [this](const trainer::FinderEvent &e) { record(e); }, cancelFlag());
    });
}

void FinderJob::record(const trainer::FinderEvent &e)
{
    using Kind = trainer::FinderEvent::Kind;
    m_updates.post([&](FinderUpdate &u) {
        switch (e.kind) {
        case Kind::Phase:
            u.status = tr("%1: %2 of %3").arg(e.message).arg(e.done).arg(e.total);
            break;
        case Kind::FoldStarted:
            u.log << tr("Fold %1 of %2: %3")
                         .arg(e.fold)
                         .arg(e.folds)
                         .arg(e.message.isEmpty() ? tr("training") : e.message);
            break;
        case Kind::FoldReused:
            u.log << tr("Fold %1 of %2: trained before on these labels, reused")
                         .arg(e.fold)
                         .arg(e.folds);
            break;
        case Kind::Training:
            if (e.train.kind == trainer::TrainEvent::Kind::BatchDone) {
                u.status = tr("Fold %1 of %2: epoch %3/%4, batch %5/%6")
                               .arg(e.fold)
                               .arg(e.folds)
                               .arg(e.train.epoch)
                               .arg(e.train.epochs)
                               .arg(e.train.batch)
                               .arg(e.train.batches);
                u.shareDone = trainer::finderShareDone(e);
            } else if (e.train.kind == trainer::TrainEvent::Kind::EpochDone) {
                u.log << tr("Fold %1, epoch %2: validation macro F1 %3")
                             .arg(e.fold)
                             .arg(e.train.epoch)
                             .arg(e.train.metrics.macroF1, 0, 'f', 3);
            } else if (e.train.kind == trainer::TrainEvent::Kind::Warning) {
                u.log << tr("Fold %1: warning: %2").arg(e.fold).arg(e.train.message);
            }
            break;
        case Kind::Info:
            u.log << e.message;
            break;
        case Kind::Failed:
            u.log << tr("Failed: %1").arg(e.message);
            break;
        case Kind::Finished:
            u.log << tr("Finder %1").arg(e.message);
            break;
        }
    });
}

void FinderJob::workEnded(const QString &unexpectedError)
{
    if (!unexpectedError.isEmpty()) {
        m_outcome.ok = false;
        m_outcome.cancelled = false;
        m_outcome.error = unexpectedError;
    }
    emit finished(m_outcome.ok, m_outcome.cancelled, m_outcome.error);
}

} // namespace masklab::ui
