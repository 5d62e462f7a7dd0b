#include "runtimelabel.h"

#include <QTimer>

namespace masklab::ui {

RunTimeLabel::RunTimeLabel(QWidget *parent) : QLabel(parent), m_tick(new QTimer(this))
{
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &RunTimeLabel::refresh);
}

void RunTimeLabel::startRun()
{
    m_started = true;
    m_progressSeen = false;
    m_interrupted = false;
    m_status = RunStatus();
    m_timeLeft.restart();
    m_tick->start();
    refresh();
}

void RunTimeLabel::setStatus(const RunStatus &status, const QDateTime &lastWrite)
{
    m_status = status;
    m_interrupted = lastWrite.isValid() && status.state == RunStatus::State::Running &&
                    !runIsLive(status, lastWrite);
    if (m_interrupted) {
        m_status.seconds = status.secondsAt(lastWrite);
        m_status.state = RunStatus::State::Stopped;
    }
    if (m_status.state == RunStatus::State::Running)
        m_tick->start();
    else
        m_tick->stop();
    refresh();
}

void RunTimeLabel::setShareDone(double share)
{
    m_timeLeft.update(share);
    m_progressSeen = true;
    refresh();
}

void RunTimeLabel::clearRun()
{
    m_started = false;
    m_progressSeen = false;
    m_interrupted = false;
    m_timeLeft.restart();
    m_status = RunStatus();
    m_tick->stop();
    clear();
}

void RunTimeLabel::refresh()
{
    const QString took = formatDuration(m_status.secondsAt(QDateTime::currentDateTime()));
    switch (m_status.state) {
    case RunStatus::State::Running:
        setText(tr("%1 elapsed, %2 left").arg(took, m_timeLeft.text()));
        return;
    case RunStatus::State::Finished:
        setText(tr("finished in %1").arg(took));
        return;
    case RunStatus::State::Stopped:
        setText(m_interrupted ? tr("interrupted after %1").arg(took)
                              : tr("stopped after %1").arg(took));
        return;
    case RunStatus::State::Failed:
        setText(tr("failed after %1").arg(took));
        return;
    case RunStatus::State::Unknown: // not begun yet, or a synced folder without status.json
        setText(m_progressSeen ? tr("following: %1 left").arg(m_timeLeft.text())
                : m_started    ? tr("starting...")
                               : QString());
        return;
    }
}

} // namespace masklab::ui
