#pragma once
// The time left of a long job (training, the finder's folds), one estimate for the CLI's
// progress lines and the app's labels. The pace counts from this process's first report: work
// done before it (a resumed run's epochs, the setup) is not speed. Between reports it counts
// down, so a label refreshed every second keeps moving through phases without reports
// (validation, saving). Until the pace is known, the plan made before the start (if any) speaks.

#include <QElapsedTimer>
#include <QString>

#include <optional>

namespace masklab {

// Seconds left at the pace of going from startShare to share in `seconds`; nothing while it is
// too early to say (no progress yet, or under 2 s).
std::optional<double> estimateSecondsLeft(double startShare, double share, double seconds);

class TimeLeft
{
public:
    TimeLeft() { m_clock.start(); }

    // The job's expected length before it started (e.g. the finder's plan), used until the
    // pace is known.
    void setPlan(std::optional<double> seconds) { m_plan = seconds; }
    // share: 0..1 of the whole job. The first report only starts the clock.
    void update(double share) { updateAt(share, clockSeconds()); }
    // Seconds left now, or nothing while it is too early to say.
    std::optional<double> secondsLeft() const { return secondsLeftAt(clockSeconds()); }
    // "12 min" (formatDuration), or "?" while too early.
    QString text() const;
    // A new job: the next report starts the clock again (the plan is kept until replaced).
    void restart();

    // The same with the time given, in seconds on any clock that only moves forward (tests).
    void updateAt(double share, double now);
    std::optional<double> secondsLeftAt(double now) const;

private:
    double clockSeconds() const { return m_clock.nsecsElapsed() / 1e9; }

    QElapsedTimer m_clock;
    std::optional<double> m_plan;
    double m_planStart = -1;  // when the plan's clock started (the first report)
    double m_startShare = -1; // the share at the first report
    double m_start = 0;       // and its time
    double m_share = 0;       // the latest report
    double m_latest = 0;      // and its time
};

} // namespace masklab
