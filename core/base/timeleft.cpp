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

void TimeLeft::restart()
{
    m_startShare = -1;
    m_planStart = -1;
}

void TimeLeft::updateAt(double share, double now)
{
    if (m_startShare < 0) {
        m_startShare = share;
        m_start = now;
        m_planStart = now;
    }
    m_share = share;
    m_latest = now;
}

std::optional<double> TimeLeft::secondsLeftAt(double now) const
{
    if (m_startShare < 0)
        return std::nullopt;
    const std::optional<double> atLatest =
        estimateSecondsLeft(m_startShare, m_share, m_latest - m_start);
    if (atLatest) // counted down since that report
        return std::max(0.0, *atLatest - (now - m_latest));
    if (m_plan)
        return std::max(0.0, *m_plan * (1 - m_startShare) - (now - m_planStart));
    return std::nullopt;
}

QString TimeLeft::text() const
{
    const std::optional<double> left = secondsLeft();
    return left ? formatDuration(*left) : QStringLiteral("?");
}

} // namespace masklab
