#include "sweepjob.h"

#include "localranksjob.h" // masklabCliPath

#include <csignal>

namespace masklab::ui {

namespace {

QString missingCli()
{
    return SweepJob::tr("masklab-cli, which runs sweeps, is neither beside this program nor on "
                        "PATH");
}

} // namespace

SweepJob::SweepJob(QObject *parent) : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyRead, this, &SweepJob::readOutput);
    connect(&m_process, &QProcess::finished, this, &SweepJob::onFinished);
}

SweepJob::~SweepJob()
{
    if (!isRunning())
        return;
    disconnect(&m_process, nullptr, this, nullptr);
    stopAndWait();
}

void SweepJob::stopAndWait()
{
    stop();
    if (!m_process.waitForFinished(60000))
        m_process.kill();
    m_process.waitForFinished();
}

bool SweepJob::plan(const QString &sweepFile, QString *plan, QString *error)
{
    const QString cli = masklabCliPath();
    if (cli.isEmpty()) {
        *error = missingCli();
        return false;
    }
    QProcess process;
    process.start(cli, {QStringLiteral("sweep"), QStringLiteral("--sweep"), sweepFile,
                        QStringLiteral("--plan")});
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        *error = tr("masklab-cli sweep --plan did not answer");
        return false;
    }
    const QString err = QString::fromUtf8(process.readAllStandardError()).trimmed();
    if (process.exitCode() != 0) {
        *error = err.section(QStringLiteral("masklab-cli sweep: "), -1);
        return false;
    }
    *plan = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    return true;
}

bool SweepJob::start(const QString &sweepFile, QString *error)
{
    if (isRunning())
        return false;
    const QString cli = masklabCliPath();
    if (cli.isEmpty()) {
        *error = missingCli();
        return false;
    }
    m_file = sweepFile;
    m_stopping = false;
    m_partial.clear();
    m_lastError.clear();
    m_process.start(cli, {QStringLiteral("sweep"), QStringLiteral("--sweep"), sweepFile});
    if (!m_process.waitForStarted()) {
        *error = tr("cannot start %1: %2").arg(cli, m_process.errorString());
        return false;
    }
    return true;
}

void SweepJob::stop()
{
    if (!isRunning() || m_stopping)
        return;
    m_stopping = true;
    ::kill(pid_t(m_process.processId()), SIGINT); // each point stops after its batch
}

void SweepJob::readOutput()
{
    m_partial += m_process.readAll();
    qsizetype end;
    while ((end = m_partial.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_partial.left(end)).trimmed();
        m_partial.remove(0, end + 1);
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("masklab-cli sweep: ")))
            m_lastError = line.section(QStringLiteral(": "), 1);
        emit logLine(line);
    }
}

void SweepJob::onFinished(int exitCode, QProcess::ExitStatus status)
{
    readOutput();
    const bool ok = status == QProcess::NormalExit && exitCode == 0;
    QString error;
    if (!ok)
        error = !m_lastError.isEmpty()
                    ? m_lastError
                    : tr("masklab-cli sweep ended with exit code %1").arg(exitCode);
    emit finished(ok, ok && m_stopping, error);
}

} // namespace masklab::ui
