#pragma once
// A masklab-cli command run from the app as a child process (a sweep, the job queue): the same
// runner as on the command line, so a job the app starts and one started in a terminal behave
// alike. Its output is passed on line by line, stop() ends it as Ctrl+C would (the command
// finishes its batch and saves, and the same command again goes on from there), and the end is
// reported with the command's own reason.

#include <QObject>
#include <QProcess>

namespace masklab::ui {

class CliJob : public QObject
{
    Q_OBJECT
public:
    explicit CliJob(QObject *parent = nullptr);
    ~CliJob() override; // stops a running command and waits for it

    // arguments: the command first ("sweep", "--sweep", FILE). False with why when masklab-cli
    // is not found or does not start.
    bool start(const QStringList &arguments, QString *error);
    void stop();
    void stopAndWait(); // a minute for the command to stop, then killed
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    // masklab-cli beside this program or on PATH; empty (error says so) when there is none.
    static QString cliPath(QString *error);

signals:
    void logLine(const QString &line);
    // stopped: stop() was called (ok may still be false: a sweep point had failed before).
    void finished(bool ok, bool stopped, const QString &error);

private:
    void readOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QProcess m_process;
    QString m_command;
    QByteArray m_partial;
    QString m_lastError;
    bool m_stopping = false;
};

} // namespace masklab::ui
