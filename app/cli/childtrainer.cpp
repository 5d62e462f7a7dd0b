#include "childtrainer.h"

#include "runrecord.h"
#include "textfile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <csignal>

namespace masklab::cli {

namespace {

// The last line this child wrote (from `offset` on) that says something: its
// "masklab-cli train: ..." reason.
QString lastLogLine(const QString &path, qint64 offset)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
        const QString text = QString::fromUtf8(*line).section(u'\r', -1).remove(u'\033').trimmed();
        if (!text.isEmpty() && !text.startsWith(u'['))
            return text;
    }
    return {};
}

} // namespace

// A run folder with last.pt resumes; a new one trains the point's config. A folder the sweep
// began but that holds no checkpoint (killed before its first epoch ended) is set aside, since
// the trainer will not write into another run's folder.
QStringList ChildTrainer::trainArguments(const SweepPoint &point, const QString &runDir,
                                         int untilEpoch, QString *error) const
{
    const QString until = QString::number(untilEpoch);
    if (QFileInfo::exists(runDir + QStringLiteral("/last.pt")))
        return {QStringLiteral("train"), QStringLiteral("--resume"), runDir,
                QStringLiteral("--until-epoch"), until};
    if (QFileInfo::exists(runDir)) {
        const QString aside = runDir + QStringLiteral(".unfinished-") +
                              QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
        if (!QDir().rename(runDir, aside)) {
            *error = QStringLiteral("%1 holds no checkpoint and cannot be set aside").arg(runDir);
            return {};
        }
    }
    const QString configPath = m_logDir + u'/' + QFileInfo(runDir).fileName() + ".yaml";
    if (!writeFileAtomically(configPath, trainConfigToYaml(point.config), error))
        return {};
    return {QStringLiteral("train"),
            QStringLiteral("--config"),
            configPath,
            QStringLiteral("--run"),
            runDir,
            QStringLiteral("--until-epoch"),
            until};
}

SweepTrainer::Outcome ChildTrainer::advance(const SweepPoint &point, const QString &runDir,
                                            int untilEpoch)
{
    Outcome outcome;
    outcome.cancelled = m_cancel && m_cancel->load(); // asked to stop: start nothing
    if (outcome.cancelled)
        return outcome;
    const QStringList arguments = trainArguments(point, runDir, untilEpoch, &outcome.error);
    if (arguments.isEmpty())
        return outcome;
    const QString logPath = m_logDir + u'/' + QFileInfo(runDir).fileName() + ".log";
    const qint64 logStart = QFileInfo(logPath).size(); // 0 when there is none yet
    QProcess child;
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.setStandardOutputFile(logPath, QIODevice::Append);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    if (!child.waitForStarted()) {
        outcome.error =
            QStringLiteral("masklab-cli train did not start: %1").arg(child.errorString());
        return outcome;
    }
    bool interrupted = false;
    while (!child.waitForFinished(300)) {
        if (m_cancel && m_cancel->load() && !interrupted) { // as Ctrl+C would: stop after the batch
            ::kill(pid_t(child.processId()), SIGINT);
            interrupted = true;
        }
    }
    // Interrupted early (before the child's own Ctrl+C handling began) is a stop, not a failure.
    const bool asked = interrupted || (m_cancel && m_cancel->load());
    if (child.exitStatus() == QProcess::CrashExit && !asked) {
        outcome.error = QStringLiteral("masklab-cli train crashed (log: %1)").arg(logPath);
        return outcome;
    }
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
        outcome.cancelled = asked;
        if (asked)
            return outcome;
        outcome.error = lastLogLine(logPath, logStart);
        if (outcome.error.isEmpty())
            outcome.error =
                QStringLiteral("masklab-cli train ended with code %1").arg(child.exitCode());
        outcome.error += QStringLiteral(" (log: %1)").arg(logPath);
        return outcome;
    }
    const std::vector<EpochMetrics> history = readRunHistory(runDir);
    const int epochs = history.empty() ? 0 : history.back().epoch;
    outcome.ok = epochs >= untilEpoch || readRunStatus(runDir).state == RunStatus::State::Finished;
    outcome.cancelled = !outcome.ok;
    return outcome;
}

} // namespace masklab::cli
