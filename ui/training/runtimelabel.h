#pragma once
// A run's time as the Training tab shows it: "3 min elapsed, 4 min left" while it runs, ticking
// every second (also through validation and saving, when no batch reports), and how long it took
// once it ended. Elapsed is the run's own time from status.json (RunStatus::secondsAt): a resumed
// run counts its earlier part, and the runs table shows the same figure.

#include "runrecord.h"
#include "timeleft.h"

#include <QLabel>

class QTimer;

namespace masklab::ui {

class RunTimeLabel : public QLabel
{
    Q_OBJECT
public:
    explicit RunTimeLabel(QWidget *parent = nullptr);

    // A run starts or resumes (its status is not written yet), or is followed from its folder.
    void startRun();
    // The run's status.json as written at its start or end (or by another process). With the
    // time its files last changed, a "running" run that is not (its process gone) shows as
    // interrupted, with its time until then, as the runs table does.
    void setStatus(const RunStatus &status, const QDateTime &lastWrite = {});
    // Progress: the share of the run's epochs done (0..1).
    void setShareDone(double share);
    // No run on screen.
    void clearRun();

private:
    void refresh();

    QTimer *m_tick;
    TimeLeft m_timeLeft;
    RunStatus m_status;
    bool m_interrupted = false;
    bool m_started = false;
    bool m_progressSeen = false;
};

} // namespace masklab::ui
