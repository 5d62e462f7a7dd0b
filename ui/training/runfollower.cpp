#include "runfollower.h"

#include <QFile>
#include <QFileSystemWatcher>
#include <QTimer>

namespace masklab::ui {

void GrowingFileReader::reset()
{
    m_offset = 0;
    m_partial.clear();
}

QList<QByteArray> GrowingFileReader::readNewLines(const QString &path, bool *restarted)
{
    *restarted = false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() < m_offset) {
        reset();
        *restarted = true;
    }
    if (file.size() == m_offset || !file.seek(m_offset))
        return {};
    const QByteArray chunk = file.readAll();
    m_offset += chunk.size();
    const QByteArray text = m_partial + chunk;
    const qsizetype end = text.lastIndexOf('\n');
    m_partial = text.mid(end + 1);
    return end < 0 ? QList<QByteArray>() : text.left(end).split('\n');
}

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
    m_metrics.reset();
    m_batches.reset();
    m_status = RunStatus();
    if (runDir.isEmpty()) {
        m_timer->stop();
        return;
    }
    m_watcher->addPath(runDir); // poll() adds the files once they exist
    m_timer->start();
    emit restarted();
    poll();
}

void RunFollower::poll()
{
    if (m_runDir.isEmpty())
        return;
    const QString metricsPath = m_runDir + QStringLiteral("/metrics.jsonl");
    const QString batchesPath = m_runDir + QStringLiteral("/batches.csv");
    for (const QString &path : {metricsPath, batchesPath}) {
        if (!m_watcher->files().contains(path) && QFile::exists(path))
            m_watcher->addPath(path); // re-arm: a replaced file is no longer watched
    }
    bool metricsRestarted = false;
    bool batchesRestarted = false;
    QList<QByteArray> metricsLines = m_metrics.readNewLines(metricsPath, &metricsRestarted);
    QList<QByteArray> batchLines = m_batches.readNewLines(batchesPath, &batchesRestarted);
    if (metricsRestarted || batchesRestarted) {
        // The curves hold both: start both files over so nothing is drawn twice or dropped.
        m_metrics.reset();
        m_batches.reset();
        emit restarted();
        metricsLines = m_metrics.readNewLines(metricsPath, &metricsRestarted);
        batchLines = m_batches.readNewLines(batchesPath, &batchesRestarted);
    }
    std::vector<EpochMetrics> epochs;
    for (const QByteArray &line : metricsLines) {
        if (auto m = parseEpochMetrics(line))
            epochs.push_back(*m);
    }
    if (!epochs.empty())
        emit epochsAppended(epochs);
    std::vector<BatchRecord> batches;
    for (const QByteArray &line : batchLines) {
        if (auto b = parseBatchCsvRow(line)) // the header is not a row
            batches.push_back(*b);
    }
    if (!batches.empty())
        emit batchesAppended(batches);
    const RunStatus status = readRunStatus(m_runDir);
    if (status.state != m_status.state || status.ended != m_status.ended) {
        m_status = status;
        emit statusChanged(status);
    }
}

} // namespace masklab::ui
