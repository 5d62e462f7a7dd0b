#pragma once
// A distributed run of this machine started from the Training tab: masklab-cli train --nproc N
// (the same launcher as on the command line) as a child process. The tab follows the run folder
// that rank 0 writes, as it follows any run; this job only starts, stops and reports the end,
// and passes on the launcher's log lines (not its progress line).

#include "trainconfig.h"

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

namespace masklab::ui {

// The masklab-cli MASKLAB_CLI names, or the one beside this program (installed), in the build
// tree's app/cli, or on PATH; empty when there is none.
QString masklabCliPath();

class LocalRanksJob : public QObject
{
    Q_OBJECT
public:
    explicit LocalRanksJob(QObject *parent = nullptr);
    ~LocalRanksJob() override; // stops a running run (Ctrl+C to every rank) and waits for it

    // Starts `processes` ranks training config into runDir (resume: continue the run there).
    // False with why when masklab-cli cannot be found or started.
    bool start(const TrainConfig &config, const QString &runDir, bool resume, int processes,
               QString *error);
    // Ctrl+C to the launcher, which passes it to every rank: they stop after the same batch.
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    bool isStopping() const { return m_stopping; }
    QString runDir() const { return m_runDir; }

signals:
    void logLines(const QStringList &lines);
    void finished(bool ok, bool cancelled, const QString &error);

private:
    void readOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QProcess m_process;
    std::unique_ptr<QTemporaryDir> m_configDir;
    QString m_runDir;
    QByteArray m_partial;  // an unfinished line
    QString m_lastFailure; // the last "masklab-cli train: ..." line
    bool m_stopping = false;
};

} // namespace masklab::ui
