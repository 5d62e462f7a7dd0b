#pragma once
// A sweep started from the Runs tab: masklab-cli sweep --sweep FILE as a child process, the
// same runner as on the command line (each point a masklab-cli train of its own). plan() asks
// masklab-cli for the points and the epochs they cost before anything trains, which also checks
// the file; the job passes on the sweep's log lines, stops it as Ctrl+C would (the same sweep
// started again goes on where it stopped) and reports the end.

#include <QObject>
#include <QProcess>

namespace masklab::ui {

class SweepJob : public QObject
{
    Q_OBJECT
public:
    explicit SweepJob(QObject *parent = nullptr);
    ~SweepJob() override; // stops a running sweep and waits for it

    // The file's plan (its points and epochs), or false with masklab-cli's reason (a bad key,
    // value or range, with the file and line).
    static bool plan(const QString &sweepFile, QString *plan, QString *error);
    bool start(const QString &sweepFile, QString *error);
    void stop();
    void stopAndWait(); // a minute for the points to stop, then killed
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QString sweepFile() const { return m_file; }

signals:
    void logLine(const QString &line);
    void finished(bool ok, bool stopped, const QString &error);

private:
    void readOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QProcess m_process;
    QString m_file;
    QByteArray m_partial;
    QString m_lastError;
    bool m_stopping = false;
};

} // namespace masklab::ui
