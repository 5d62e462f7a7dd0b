#include "predictjob.h"

#include <QMetaObject>

namespace masklab::ui {

PredictJob::PredictJob(QObject *parent) : QObject(parent), m_worker(new WorkerThread(this))
{
    connect(m_worker, &WorkerThread::finished, this, [this] {
        if (!m_worker->escapedError().isEmpty()) { // predictEval reports its own failures
            m_outcome.predictions.reset();
            m_outcome.error = tr("unexpected error: %1").arg(m_worker->escapedError());
        }
        emit finished();
    });
}

bool PredictJob::start(const PredictionRequest &request, const QString &cacheDir, bool storedOnly)
{
    if (m_worker->isRunning())
        return false;
    m_worker->waitForFinished();
    m_request = request;
    m_outcome = {};
    m_done = 0;
    m_total = 0;
    m_signalled = false;
    m_clock.start();
    return m_worker->start([this, request, cacheDir, storedOnly] {
        if (storedOnly) {
            CacheLookup found = PredictionCache(cacheDir).lookup(request);
            m_outcome.fromCache = bool(found.stored);
            m_outcome.predictions = std::move(found.stored);
            m_outcome.error = found.error.isEmpty()
                                  ? tr("the runs or the eval images changed since; predict again")
                                  : found.error;
            return;
        }
        ProgressSink sink;
        sink.cancel = m_worker->cancelFlag();
        sink.report = [this](const QString &, qint64 done, qint64 total) {
            m_done = done;
            m_total = total;
            if (!m_signalled.exchange(true))
                QMetaObject::invokeMethod(this, &PredictJob::progressChanged, Qt::QueuedConnection);
        };
        m_outcome = trainer::predictEval(request, cacheDir, sink);
    });
}

PredictProgress PredictJob::progress()
{
    m_signalled = false;
    PredictProgress p;
    p.done = m_done;
    p.total = m_total;
    const double seconds = m_clock.elapsed() / 1000.0;
    if (seconds > 0.5 && p.done > 0) {
        p.imagesPerSecond = double(p.done) / seconds;
        p.secondsLeft = double(p.total - p.done) / p.imagesPerSecond;
    }
    return p;
}

} // namespace masklab::ui
