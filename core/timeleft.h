#pragma once
// The time left of a long job (training, the finder's folds), from the share done and this
// process's pace since the first report: work done before it (a resumed run's epochs, the setup)
// does not count as speed. One estimate for the CLI's progress lines and the app's labels.

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
    // share: 0..1 of the whole job. The first report only starts the clock.
    void update(double share);
    // Seconds left, or nothing while it is too early to say (no progress yet, or under 2 s).
    std::optional<double> secondsLeft() const;
    // "12 min" (formatDuration), or "?" while too early.
    QString text() const;
    // A new job: the next report starts the clock again.
    void restart() { m_startShare = -1; }

private:
    QElapsedTimer m_clock;
    double m_startShare = -1; // the share at the first report
    double m_share = 0;       // the latest
};

} // namespace masklab
