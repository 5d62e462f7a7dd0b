#pragma once
// Follows a run folder written by another process (masklab-cli train here, or a folder synced
// from a GPU server): reads metrics.jsonl as it grows, whole lines only, and status.json. A file
// watcher reacts at once; a slow poll covers file systems that do not notify (network mounts,
// sync tools that replace the file).

#include "runrecord.h"

#include <QObject>

class QFileSystemWatcher;
class QTimer;

namespace masklab::ui {

class RunFollower : public QObject
{
    Q_OBJECT
public:
    explicit RunFollower(QObject *parent = nullptr);

    // Starts following runDir: emits what is there now (restarted, epochsAppended) and then
    // what gets appended. An empty runDir stops.
    void follow(const QString &runDir);
    QString runDir() const { return m_runDir; }
    void setPollInterval(int ms);
    // Reads what was appended since the last read (the watcher and the poll call this).
    void poll();

signals:
    void restarted(); // the file was replaced or shortened: drop what was read before
    void epochsAppended(const std::vector<masklab::EpochMetrics> &epochs);
    void statusChanged(const masklab::RunStatus &status);

private:
    QString m_runDir;
    QFileSystemWatcher *m_watcher;
    QTimer *m_timer;
    qint64 m_offset = 0;
    QByteArray m_partial; // an incomplete last line, completed by a later read
    RunStatus m_status;
};

} // namespace masklab::ui
