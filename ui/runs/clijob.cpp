#include "clijob.h"

#include "localranksjob.h" // masklabCliPath

#include <csignal>

namespace masklab::ui {

CliJob::CliJob(QObject *parent) : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyRead, this, &CliJob::readOutput);
    connect(&m_process, &QProcess::finished, this, &CliJob::onFinished);
}

CliJob::~CliJob()
{
    if (!isRunning())
        return;
    disconnect(&m_process, nullptr, this, nullptr);
    stopAndWait();
}

QString CliJob::cliPath(QString *error)
{
    const QString cli = masklabCliPath();
    if (cli.isEmpty())
        *error = tr("masklab-cli, which runs sweeps and the queue, is neither beside this "
                    "program nor on PATH");
    return cli;
}

bool CliJob::start(const QStringList &arguments, QString *error)
{
    if (isRunning())
        return false;
    const QString cli = cliPath(error);
    if (cli.isEmpty())
        return false;
    m_command = arguments.value(0);
    m_stopping = false;
    m_partial.clear();
    m_lastError.clear();
    m_process.start(cli, arguments);
    if (!m_process.waitForStarted()) {
        *error = tr("cannot start %1: %2").arg(cli, m_process.errorString());
        return false;
    }
    return true;
}

void CliJob::stop()
{
    if (!isRunning() || m_stopping)
        return;
    m_stopping = true;
    ::kill(pid_t(m_process.processId()), SIGINT); // its children stop after their batch
}

void CliJob::stopAndWait()
{
    stop();
    if (!m_process.waitForFinished(60000))
        m_process.kill();
    m_process.waitForFinished();
}

void CliJob::readOutput()
{
    m_partial += m_process.readAll();
    const QString prefix = QStringLiteral("masklab-cli %1: ").arg(m_command);
    qsizetype end;
    while ((end = m_partial.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_partial.left(end)).trimmed();
        m_partial.remove(0, end + 1);
        if (line.isEmpty())
            continue;
        if (line.startsWith(prefix))
            m_lastError = line.mid(prefix.size());
        emit logLine(line);
    }
}

void CliJob::onFinished(int exitCode, QProcess::ExitStatus status)
{
    readOutput();
    const bool ok = status == QProcess::NormalExit && exitCode == 0;
    QString error;
    if (!ok)
        error = !m_lastError.isEmpty()
                    ? m_lastError
                    : tr("masklab-cli %1 ended with exit code %2").arg(m_command).arg(exitCode);
    emit finished(ok, m_stopping, error); // stopped: asked to, whatever the command then said
}

} // namespace masklab::ui
