#pragma once
// Follows a run folder written by another process (masklab-cli train here, or a folder synced
// from a GPU server): reads metrics.jsonl (epochs) and batches.csv (batches) as they grow, whole
// lines only, and status.json. A file watcher reacts at once; a slow poll covers file systems
// that do not notify (network mounts, sync tools that replace the file).

#include "runrecord.h"

#include <QObject>

class QFileSystemWatcher;
class QTimer;

namespace masklab::ui {

// The whole lines appended to a file since the last read; a file that got shorter (replaced or
// truncated) is read again from its start.
class GrowingFileReader
{
public:
    void reset();
    // The new whole lines of path; *restarted says the file shrank since the last read.
    QList<QByteArray> readNewLines(const QString &path, bool *restarted);

private:
    qint64 m_offset = 0;
    QByteArray m_partial; // an incomplete last line, completed by a later read
};

class RunFollower : public QObject
{
    Q_OBJECT
public:
    explicit RunFollower(QObject *parent = nullptr);

    // Starts following runDir: emits what is there now (restarted, epochsAppended,
    // batchesAppended) and then what gets appended. An empty runDir stops.
    void follow(const QString &runDir);
    QString runDir() const { return m_runDir; }
    void setPollInterval(int ms);
    // Reads what was appended since the last read (the watcher and the poll call this).
    void poll();

signals:
    void restarted(); // a file was replaced or shortened: drop what was read before
    void epochsAppended(const std::vector<masklab::EpochMetrics> &epochs);
    void batchesAppended(const std::vector<masklab::BatchRecord> &batches);
    void statusChanged(const masklab::RunStatus &status);

private:
    QString m_runDir;
    QFileSystemWatcher *m_watcher;
    QTimer *m_timer;
    GrowingFileReader m_metrics;
    GrowingFileReader m_batches;
    RunStatus m_status;
};

} // namespace masklab::ui
