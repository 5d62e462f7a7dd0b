#include "finderjob.h"

#include <QMetaObject>

namespace masklab::ui {

FinderJob::FinderJob(QObject *parent) : QObject(parent), m_worker(new WorkerThread(this))
{
    connect(m_worker, &WorkerThread::finished, this, &FinderJob::onWorkerDone);
}

FinderJob::~FinderJob()
{
    m_worker->cancel();
    m_worker->waitForFinished();
}

bool FinderJob::start(const trainer::FinderOptions &options)
{
    if (m_worker->isRunning())
        return false;
    m_worker->waitForFinished();
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_pending = FinderUpdate();
    }
    return m_worker->start([this, options] {
        m_outcome = trainer::findErrors(
            options, [this](const trainer::FinderEvent &e) { record(e); }, m_worker->cancelFlag());
    });
}

void FinderJob::stop()
{
    m_worker->cancel();
}

void FinderJob::waitForFinished()
{
    m_worker->waitForFinished();
}

void FinderJob::record(const trainer::FinderEvent &e)
{
    using Kind = trainer::FinderEvent::Kind;
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        FinderUpdate &u = m_pending;
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
    }
    if (!m_signalled.exchange(true))
        QMetaObject::invokeMethod(this, &FinderJob::updateAvailable, Qt::QueuedConnection);
}

FinderUpdate FinderJob::takeUpdate()
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_signalled = false;
    FinderUpdate taken = std::move(m_pending);
    m_pending = FinderUpdate();
    return taken;
}

void FinderJob::onWorkerDone()
{
    if (!m_worker->escapedError().isEmpty()) { // findErrors reports its own failures
        m_outcome.ok = false;
        m_outcome.cancelled = false;
        m_outcome.error = tr("unexpected error: %1").arg(m_worker->escapedError());
    }
    emit finished(m_outcome.ok, m_outcome.cancelled, m_outcome.error);
}

} // namespace masklab::ui
