#include "coresharing.h"

#include "runrecord.h"

#include <QCoreApplication>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>

namespace masklab::ui {

CoreSharing::CoreSharing(QObject *parent) : QObject(parent), m_poll(new QTimer(this))
{
    m_poll->setInterval(3000);
    connect(m_poll, &QTimer::timeout, this, &CoreSharing::jobEnded);
}

void CoreSharing::addJob(const QObject *job, std::function<QString()> describeTraining)
{
    m_jobs.push_back({job, std::move(describeTraining)});
}

QString CoreSharing::othersTraining(const QObject *job) const
{
    QStringList others;
    for (const Job &j : m_jobs)
        if (j.job != job)
            if (const QString what = j.describe(); !what.isEmpty())
                others << what;
    if (const QString external = externalTraining(); !external.isEmpty())
        others << external;
    return others.join(QStringLiteral("; "));
}

// A run of this workspace that another live process is training (masklab-cli train, a second
// MaskLab). Runs of this process are the jobs' own business.
QString CoreSharing::externalTraining() const
{
    if (m_workspace.isEmpty())
        return {};
    const qint64 self = QCoreApplication::applicationPid();
    for (const QString &dir : listRunFolders(m_workspace)) {
        const RunStatus status = readRunStatus(dir);
        if (status.pid != self && runIsLive(status, lastRunWrite(dir)))
            return tr("process %1 training run %2").arg(status.pid).arg(QDir(dir).dirName());
    }
    return {};
}

bool CoreSharing::mayStart(QWidget *parent, const QObject *job, std::function<void()> start,
                           QString *note)
{
    const QString others = othersTraining(job);
    if (others.isEmpty())
        return true;
    switch (m_answer == Choice::Ask ? ask(parent, others) : m_answer) {
    case Choice::RunAnyway:
        *note = tr("Running beside %1: both share the cores and run slower").arg(others);
        return true;
    case Choice::Queue:
        cancelQueued(job);
        m_queue.push_back({job, std::move(start)});
        m_poll->start();
        *note = tr("Queued: starts when %1 is done").arg(others);
        emit queueChanged();
        return false;
    case Choice::Ask:
    case Choice::Cancel:
        break;
    }
    *note = tr("Not started: %1 is training on these cores").arg(others);
    return false;
}

CoreSharing::Choice CoreSharing::ask(QWidget *parent, const QString &others) const
{
    QMessageBox box(QMessageBox::Question, tr("Another training is running"),
                    tr("%1 is training on this machine's cores. Two trainings at once each run "
                       "at about half speed.")
                        .arg(others.left(1).toUpper() + others.mid(1)),
                    QMessageBox::NoButton, parent);
    QPushButton *queue = box.addButton(tr("Queue after it"), QMessageBox::AcceptRole);
    QPushButton *anyway = box.addButton(tr("Run anyway"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(queue);
    box.exec();
    return box.clickedButton() == queue    ? Choice::Queue
           : box.clickedButton() == anyway ? Choice::RunAnyway
                                           : Choice::Cancel;
}

bool CoreSharing::isQueued(const QObject *job) const
{
    return std::any_of(m_queue.begin(), m_queue.end(),
                       [job](const Waiting &w) { return w.job == job; });
}

void CoreSharing::cancelQueued(const QObject *job)
{
    const auto before = m_queue.size();
    m_queue.erase(std::remove_if(m_queue.begin(), m_queue.end(),
                                 [job](const Waiting &w) { return w.job == job; }),
                  m_queue.end());
    if (m_queue.empty())
        m_poll->stop();
    if (m_queue.size() != before)
        emit queueChanged();
}

void CoreSharing::cancelAll()
{
    const bool any = !m_queue.empty();
    m_queue.clear();
    m_poll->stop();
    if (any)
        emit queueChanged();
}

void CoreSharing::jobEnded()
{
    // One at a time: the first whose way is clear starts; the next waits for it in turn.
    for (size_t i = 0; i < m_queue.size(); ++i) {
        if (!othersTraining(m_queue[i].job).isEmpty())
            continue;
        const std::function<void()> start = std::move(m_queue[i].start);
        m_queue.erase(m_queue.begin() + long(i));
        if (m_queue.empty())
            m_poll->stop();
        emit queueChanged();
        start();
        return;
    }
}

} // namespace masklab::ui
