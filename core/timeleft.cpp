#include "timeleft.h"

#include "runrecord.h"

#include <algorithm>

namespace masklab {

std::optional<double> estimateSecondsLeft(double startShare, double share, double seconds)
{
    const double rate = (share - startShare) / std::max(1e-9, seconds);
    if (rate <= 0 || seconds <= 2)
        return std::nullopt;
    return (1 - share) / rate;
}

void TimeLeft::update(double share)
{
    if (m_startShare < 0) {
        m_startShare = share;
        m_clock.start();
    }
    m_share = share;
}

std::optional<double> TimeLeft::secondsLeft() const
{
    if (m_startShare < 0)
        return std::nullopt;
    return estimateSecondsLeft(m_startShare, m_share, m_clock.elapsed() / 1000.0);
}

QString TimeLeft::text() const
{
    const std::optional<double> left = secondsLeft();
    return left ? formatDuration(*left) : QStringLiteral("?");
}

} // namespace masklab
