#pragma once
// Predicts the eval set on a worker thread with predictEval (the same as masklab-cli predict),
// reading and filling the workspace's stored predictions. Progress is polled by the GUI from
// atomics; progressChanged() is emitted once until the GUI reads it.

#include "trainer.h"
#include "workerthread.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <memory>

namespace masklab::ui {

struct PredictProgress
{
    qint64 done = 0;
    qint64 total = 0;
    double imagesPerSecond = 0;
    double secondsLeft = -1; // unknown
};

class PredictJob : public QObject
{
    Q_OBJECT
public:
    explicit PredictJob(QObject *parent = nullptr);

    // False while running. storedOnly: read the stored predictions, never run a model (when
    // the runs or the eval set changed since, the outcome says so).
    bool start(const PredictionRequest &request, const QString &cacheDir, bool storedOnly = false);
    void stop() { m_worker->cancel(); }
    bool isRunning() const { return m_worker->isRunning(); }
    void waitForFinished() { m_worker->waitForFinished(); }
    PredictProgress progress(); // GUI thread
    // After finished(): what it predicted (or why not), and the request it answered.
    const trainer::PredictionOutcome &outcome() const { return m_outcome; }
    const PredictionRequest &request() const { return m_request; }

signals:
    void progressChanged();
    void finished();

private:
    WorkerThread *m_worker;
    PredictionRequest m_request;
    trainer::PredictionOutcome m_outcome;
    std::atomic<qint64> m_done{0};
    std::atomic<qint64> m_total{0};
    std::atomic<bool> m_signalled{false};
    QElapsedTimer m_clock;
};

} // namespace masklab::ui
