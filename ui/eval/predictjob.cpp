#include "predictjob.h"

namespace masklab::ui {

PredictJob::PredictJob(QObject *parent) : BackgroundJob(parent) {}

PredictJob::~PredictJob()
{
    stopAndWait();
}

bool PredictJob::start(const PredictionRequest &request, const QString &cacheDir, bool storedOnly)
{
    if (isRunning())
        return false;
    m_request = request;
    m_outcome = {};
    m_counts.clear();
    m_latest = {};
    m_clock.start();
    m_timeLeft.restart();
    return launch(
        [this, request, cacheDir, storedOnly] { predict(request, cacheDir, storedOnly); });
}

void PredictJob::predict(const PredictionRequest &request, const QString &cacheDir, bool storedOnly)
{
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
    sink.cancel = cancelFlag();
    sink.report = [this](const QString &, qint64 done, qint64 total) {
        m_counts.post([&](Counts &c) { c = {done, total}; });
    };
    m_outcome = trainer::predictEval(request, cacheDir, sink);
}

PredictProgress PredictJob::progress()
{
    const Counts taken = m_counts.take();
    if (taken.total > 0)
        m_latest = taken;
    PredictProgress p;
    p.done = m_latest.done;
    p.total = m_latest.total;
    if (p.total <= 0)
        return p;
    m_timeLeft.update(double(p.done) / double(p.total));
    p.secondsLeft = m_timeLeft.secondsLeft().value_or(-1);
    const double seconds = m_clock.elapsed() / 1000.0;
    if (seconds > 0.5 && p.done > 0)
        p.imagesPerSecond = double(p.done) / seconds;
    return p;
}

void PredictJob::workEnded(const QString &unexpectedError)
{
    if (!unexpectedError.isEmpty()) { // predictEval reports its own failures
        m_outcome.predictions.reset();
        m_outcome.error = unexpectedError;
    }
    emit finished();
}

} // namespace masklab::ui
