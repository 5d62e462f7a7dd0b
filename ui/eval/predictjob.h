#pragma once
// Predicts the eval set on a worker thread with predictEval (the same as masklab-cli predict),
// reading and filling the workspace's stored predictions. Its image counts go into a mailbox;
// progress() turns them into a rate and a time left (core/timeleft, as training and the finder).

#include "backgroundjob.h"
#include "jobmailbox.h"
#include "timeleft.h"
#include "trainer.h"

#include <QElapsedTimer>

namespace masklab::ui {

struct PredictProgress
{
    qint64 done = 0;
    qint64 total = 0;
    double imagesPerSecond = 0;
    double secondsLeft = -1; // unknown
};

class PredictJob : public BackgroundJob
{
    Q_OBJECT
public:
    explicit PredictJob(QObject *parent = nullptr);
    ~PredictJob() override;

    // False while running. storedOnly: read the stored predictions, never run a model (when
    // the runs or the eval set changed since, the outcome says so).
    bool start(const PredictionRequest &request, const QString &cacheDir, bool storedOnly = false);
    PredictProgress progress(); // GUI thread, on updateAvailable()
    // After finished(): what it predicted (or why not), and the request it answered.
    const trainer::PredictionOutcome &outcome() const { return m_outcome; }
    const PredictionRequest &request() const { return m_request; }

signals:
    void finished();

private:
    struct Counts
    {
        qint64 done = 0;
        qint64 total = 0;
    };
    void predict(const PredictionRequest &request, const QString &cacheDir, bool storedOnly);
    void workEnded(const QString &unexpectedError) override;

    PredictionRequest m_request;
    trainer::PredictionOutcome m_outcome;
    JobMailbox<Counts> m_counts{[this] { notifyUpdate(); }};
    Counts m_latest;       // GUI thread: the last counts taken
    QElapsedTimer m_clock; // since the start, for images per second
    TimeLeft m_timeLeft;
};

} // namespace masklab::ui
