#include "runfollower.h"

#include <QFile>
#include <QFileSystemWatcher>
#include <QTimer>

namespace masklab::ui {

RunFollower::RunFollower(QObject *parent)
    : QObject(parent), m_watcher(new QFileSystemWatcher(this)), m_timer(new QTimer(this))
{
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &RunFollower::poll);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &RunFollower::poll);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &RunFollower::poll);
}

void RunFollower::setPollInterval(int ms)
{
    m_timer->setInterval(ms);
}

void RunFollower::follow(const QString &runDir)
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    m_runDir = runDir;
    m_offset = 0;
    m_partial.clear();
    m_status = RunStatus();
    if (runDir.isEmpty()) {
        m_timer->stop();
        return;
    }
    m_watcher->addPath(runDir); // poll() adds metrics.jsonl once it exists
    m_timer->start();
    emit restarted();
    poll();
}

void RunFollower::poll()
{
    if (m_runDir.isEmpty())
        return;
    const QString path = m_runDir + QStringLiteral("/metrics.jsonl");
    if (!m_watcher->files().contains(path) && QFile::exists(path))
        m_watcher->addPath(path); // re-arm: a replaced file is no longer watched
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        if (file.size() < m_offset) { // replaced or truncated: read it again from the start
            m_offset = 0;
            m_partial.clear();
            emit restarted();
        }
        if (file.size() > m_offset && file.seek(m_offset)) {
            const QByteArray chunk = file.readAll();
            m_offset += chunk.size();
            QByteArray text = m_partial + chunk;
            const qsizetype end = text.lastIndexOf('\n');
            m_partial = text.mid(end + 1);
            std::vector<EpochMetrics> epochs;
            for (const QByteArray &line : text.left(end + 1).split('\n')) {
                if (auto m = parseEpochMetrics(line))
                    epochs.push_back(*m);
            }
            if (!epochs.empty())
                emit epochsAppended(epochs);
        }
    }
    const RunStatus status = readRunStatus(m_runDir);
    if (status.state != m_status.state || status.ended != m_status.ended) {
        m_status = status;
        emit statusChanged(status);
    }
}

} // namespace masklab::ui
