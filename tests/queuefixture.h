#pragma once
// What the job-queue tests share: workspaces, entries and finished run folders made by hand.

#include "jobqueue.h"
#include "runrecord.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

namespace masklab::test {

inline QueueEntry entryOf(QueueEntry::Kind kind, const QString &title, QStringList arguments)
{
    QueueEntry e;
    e.kind = kind;
    e.title = title;
    e.arguments = std::move(arguments);
    return e;
}

// A finished run folder with one epoch of the given best F1.
inline void writeFinishedRun(const QString &dir, double f1, double epochSeconds = 10,
                             const TrainConfig &config = TrainConfig{})
{
    EpochMetrics epoch;
    epoch.epoch = 1;
    epoch.macroF1 = f1;
    epoch.seconds = epochSeconds;
    epoch.imagesPerSecond = 50;
    QVERIFY(writeRunFolder(dir, config, {epoch}));
    RunStatus status;
    status.state = RunStatus::State::Finished;
    QString error;
    QVERIFY2(writeRunStatus(dir, status, &error), qPrintable(error));
}

// Fresh workspaces in one temporary folder, and the queue file's edits and reads.
class QueueFixture
{
public:
    QString newWorkspace()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("ws%1").arg(++m_workspaces));
        QDir().mkpath(dir);
        return dir;
    }
    QString path(const QString &name) const { return m_tmp.filePath(name); }

    static void add(const QString &workspace, const QueueEntry &entry)
    {
        QString error;
        QVERIFY2(updateJobQueue(
                     workspace, [&](JobQueue &q) { return q.add(entry) > 0; }, &error),
                 qPrintable(error));
    }

    static JobQueue read(const QString &workspace)
    {
        QString error;
        const std::optional<JobQueue> queue = readJobQueue(workspace, &error);
        if (!queue)
            qWarning("%s", qPrintable(error));
        return queue.value_or(JobQueue{});
    }

    static QueueEntry::State stateOf(const QString &workspace, int id)
    {
        const JobQueue queue = read(workspace);
        return queue.find(id) ? queue.find(id)->state : QueueEntry::State::Waiting;
    }

private:
    QTemporaryDir m_tmp;
    int m_workspaces = 0;
};

} // namespace masklab::test
