#pragma once
// Runs the trainer (the same train() as masklab-cli train) on a worker thread; its events are
// folded into a TrainingUpdate the GUI takes on updateAvailable().

#include "trainer.h"

#include "backgroundjob.h"
#include "jobmailbox.h"

#include <QStringList>

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

class TrainingJob : public BackgroundJob
{
    Q_OBJECT
public:
    explicit TrainingJob(QObject *parent = nullptr);
    ~TrainingJob() override; // stops a running job and waits for its current batch

    // Starts training into runDir (resume: continues the run there). False while one runs.
    // stop() ends it after the current batch; finished() follows.
    bool start(const TrainConfig &config, const QString &runDir, bool resume);
    QString runDir() const { return m_runDir; }
    // Takes everything the trainer reported since the last call (GUI thread).
    TrainingUpdate takeUpdate() { return m_updates.take(); }

signals:
    void finished(bool ok, bool cancelled, const QString &error);

private:
    void record(const trainer::TrainEvent &event); // worker thread
    void workEnded(const QString &unexpectedError) override;

    QString m_runDir;
    trainer::TrainResult m_result;
    JobMailbox<TrainingUpdate> m_updates{[this] { notifyUpdate(); }};
};

} // namespace masklab::ui
