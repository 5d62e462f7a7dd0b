#pragma once
// Runs the error finder (the same findErrors() as masklab-cli find-errors) on a worker thread.
// Like TrainingJob, events go into a buffer under a lock and the job signals once until the GUI
// drains it, so batch events cost the GUI thread a repaint, not a signal each.

#include "errorfinder.h"

#include "workerthread.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <mutex>

namespace masklab::ui {

struct FinderUpdate
{
    QString status;        // "Fold 2 of 5: epoch 3/50, batch 12/53", "Hashing photos 1200/2520"
    double shareDone = -1; // of the folds to train, 0..1; -1 when nothing trained yet
    QStringList log;
};

class FinderJob : public QObject
{
    Q_OBJECT
public:
    explicit FinderJob(QObject *parent = nullptr);
    ~FinderJob() override; // stops a running job and waits for its current batch

    bool start(const trainer::FinderOptions &options); // false while one runs
    void stop();                                       // after the current batch
    bool isRunning() const { return m_worker->isRunning(); }
    FinderUpdate takeUpdate();                                          // GUI thread
    const trainer::FinderOutcome &outcome() const { return m_outcome; } // after finished()
    void waitForFinished();

signals:
    void updateAvailable();
    void finished(bool ok, bool cancelled, const QString &error);

private:
    void record(const trainer::FinderEvent &event); // worker thread
    void onWorkerDone();

    WorkerThread *m_worker;
    std::atomic<bool> m_signalled{false};
    trainer::FinderOutcome m_outcome;
    std::mutex m_mutex; // guards m_pending
    FinderUpdate m_pending;
};

} // namespace masklab::ui
