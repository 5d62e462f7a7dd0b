#include "childprocess.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>

#include <csignal>

namespace masklab::cli {

namespace {

// The last line this child wrote (from `offset` on) that says something: its
// "masklab-cli <command>: ..." reason, not a progress bar.
QString lastLogLine(const QString &path, qint64 offset)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    static const QRegularExpression escape(QStringLiteral("\x1B\\[[0-9;]*[A-Za-z]"));
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
        // The terminal's progress line is redrawn with \r and erased with ESC [K.
        const QString text = QString::fromUtf8(*line).section(u'\r', -1).remove(escape).trimmed();
        if (!text.isEmpty() && !text.startsWith(u'['))
            return text;
    }
    return {};
}

} // namespace

ChildEnd runCliChild(const QStringList &arguments, const QString &logPath,
                     const std::atomic<bool> *cancel)
{
    ChildEnd end;
    const QString command = QStringLiteral("masklab-cli ") + arguments.value(0);
    const qint64 logStart = QFileInfo(logPath).size(); // 0 when there is none yet
    QProcess child;
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.setStandardOutputFile(logPath, QIODevice::Append);
    child.start(QCoreApplication::applicationFilePath(), arguments);
    if (!child.waitForStarted()) {
        end.reason = QStringLiteral("%1 did not start: %2").arg(command, child.errorString());
        return end;
    }
    end.started = true;
    while (!child.waitForFinished(300)) {
        if (cancel && cancel->load() && !end.interrupted) { // as Ctrl+C would
            ::kill(pid_t(child.processId()), SIGINT);
            end.interrupted = true;
        }
    }
    // Interrupted early (before the child's own Ctrl+C handling began) is a stop, not a failure.
    end.interrupted = end.interrupted || (cancel && cancel->load());
    end.crashed = child.exitStatus() == QProcess::CrashExit && !end.interrupted;
    end.exitCode = child.exitStatus() == QProcess::NormalExit ? child.exitCode() : -1;
    if (end.crashed) {
        end.reason = QStringLiteral("%1 crashed (log: %2)").arg(command, logPath);
    } else if (end.exitCode != 0) {
        end.reason = lastLogLine(logPath, logStart);
        if (end.reason.isEmpty())
            end.reason = QStringLiteral("%1 ended with code %2").arg(command).arg(end.exitCode);
        end.reason += QStringLiteral(" (log: %1)").arg(logPath);
    }
    return end;
}

} // namespace masklab::cli
