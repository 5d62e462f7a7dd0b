#include "localranksjob.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <csignal>

namespace masklab::ui {

QString masklabCliPath()
{
    if (const QString chosen = qEnvironmentVariable("MASKLAB_CLI"); !chosen.isEmpty())
        return chosen;
    const QString here = QCoreApplication::applicationDirPath();
    for (const QString &candidate :
         {here + QStringLiteral("/masklab-cli"), here + QStringLiteral("/../cli/masklab-cli")})
        if (QFile::exists(candidate))
            return QDir::cleanPath(candidate);
    return QStandardPaths::findExecutable(QStringLiteral("masklab-cli"));
}

LocalRanksJob::LocalRanksJob(QObject *parent) : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyRead, this, &LocalRanksJob::readOutput);
    connect(&m_process, &QProcess::finished, this, &LocalRanksJob::onFinished);
}

LocalRanksJob::~LocalRanksJob()
{
    if (!isRunning())
        return;
    disconnect(&m_process, nullptr, this, nullptr);
    stop();
    if (!m_process.waitForFinished(60000))
        m_process.kill();
    m_process.waitForFinished();
}

bool LocalRanksJob::start(const TrainConfig &config, const QString &runDir, bool resume,
                          int processes, QString *error)
{
    if (isRunning())
        return false;
    const QString cli = masklabCliPath();
    if (cli.isEmpty()) {
        *error = tr("masklab-cli, which runs the processes, is neither beside this program nor "
                    "on PATH");
        return false;
    }
    QStringList arguments{QStringLiteral("train"), QStringLiteral("--nproc"),
                          QString::number(processes)};
    if (resume) {
        arguments << QStringLiteral("--resume") << runDir;
    } else {
        m_configDir = std::make_unique<QTemporaryDir>();
        const QString configPath = m_configDir->filePath(QStringLiteral("config.yaml"));
        QFile file(configPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(trainConfigToYaml(config)) < 0) {
            *error = tr("cannot write the config for masklab-cli to %1: %2")
                         .arg(configPath, file.errorString());
            return false;
        }
        arguments << QStringLiteral("--config") << configPath << QStringLiteral("--run") << runDir;
    }
    m_runDir = QDir(runDir).absolutePath();
    m_stopping = false;
    m_lastFailure.clear();
    m_partial.clear();
    m_process.start(cli, arguments);
    if (!m_process.waitForStarted()) {
        *error = tr("cannot start %1: %2").arg(cli, m_process.errorString());
        return false;
    }
    return true;
}

void LocalRanksJob::stop()
{
    if (!isRunning() || m_stopping)
        return;
    m_stopping = true;
    ::kill(pid_t(m_process.processId()), SIGINT);
}

// Whole lines, without the progress line the launcher redraws with carriage returns.
void LocalRanksJob::readOutput()
{
    m_partial += m_process.readAll();
    m_partial.replace('\r', '\n');
    QStringList lines;
    qsizetype end;
    while ((end = m_partial.indexOf('\n')) >= 0) {
        QString line = QString::fromUtf8(m_partial.left(end)).remove(QStringLiteral("\033[K"));
        m_partial.remove(0, end + 1);
        if (line.trimmed().isEmpty() || line.contains(QLatin1String("  batch ")))
            continue;
        if (line.startsWith(QLatin1String("masklab-cli train")))
            m_lastFailure = line.section(QStringLiteral(": "), 1);
        lines << line;
    }
    if (!lines.isEmpty())
        emit logLines(lines);
}

void LocalRanksJob::onFinished(int exitCode, QProcess::ExitStatus status)
{
    readOutput();
    m_configDir.reset();
    const bool ok = status == QProcess::NormalExit && exitCode == 0;
    QString error;
    if (!ok)
        error = !m_lastFailure.isEmpty() ? m_lastFailure
                                         : tr("masklab-cli ended with exit code %1").arg(exitCode);
    emit finished(ok, ok && m_stopping, error);
}

} // namespace masklab::ui
