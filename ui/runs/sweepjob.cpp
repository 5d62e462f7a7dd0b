#include "sweepjob.h"

namespace masklab::ui {

bool SweepJob::plan(const QString &sweepFile, QString *plan, QString *error)
{
    const QString cli = cliPath(error);
    if (cli.isEmpty())
        return false;
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
    m_file = sweepFile;
    return CliJob::start({QStringLiteral("sweep"), QStringLiteral("--sweep"), sweepFile}, error);
}

} // namespace masklab::ui
