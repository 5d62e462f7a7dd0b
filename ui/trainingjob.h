#pragma once
// Runs the trainer (the same train() as masklab-cli train) on a worker thread. The trainer's
// events go into a buffer under a lock; the job signals, without payload and at most once until
// the buffer is drained, that there is something to take. The GUI drains it on a short timer, so
// thousands of batch events cost the GUI thread a few repaints, not thousands of signals.

#include "trainer.h"

#include "workerthread.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <mutex>

namespace masklab::ui {

struct TrainingUpdate
{
    std::vector<BatchRecord> trained; // training batches: loss and learning rate
    std::vector<EpochMetrics> epochs; // finished epochs, in order
    QStringList log;                  // started, warnings, checkpoints, the end
    QString device;                   // once the run started: "CPU, 2 threads", "CUDA, ..."
    bool hasProgress = false;
    int epoch = 0, epochCount = 0, batch = 0, batches = 0;
    double imagesPerSecond = 0;
};

class TrainingJob : public QObject
{
    Q_OBJECT
public:
    explicit TrainingJob(QObject *parent = nullptr);
    ~TrainingJob() override; // stops a running job and waits for its current batch

    // Starts training into runDir (resume: continues the run there). False while one runs.
    bool start(const TrainConfig &config, const QString &runDir, bool resume);
    // Asks the trainer to stop after the current batch; finished() follows.
    void stop();
    bool isRunning() const { return m_worker->isRunning(); }
    bool isStopping() const { return m_worker->cancelFlag()->load(); }
    QString runDir() const { return m_runDir; }
    // Takes everything the trainer reported since the last call (GUI thread).
    TrainingUpdate takeUpdate();
    // Blocks until the worker has ended (for closing the window mid-run).
    void waitForFinished();

signals:
    void updateAvailable();
    void finished(bool ok, bool cancelled, const QString &error);

private:
    void record(const trainer::TrainEvent &event); // worker thread
    void onWorkerDone();

    WorkerThread *m_worker;
    std::atomic<bool> m_signalled{false};
    QString m_runDir;
    trainer::TrainResult m_result;

    std::mutex m_mutex; // guards m_pending
    TrainingUpdate m_pending;
};

} // namespace masklab::ui
