#pragma once
// Runs masklab-cli as a user would (the including test defines MASKLAB_CLI_PATH): its exit code
// and output, or exitCode -1 when it crashed or did not finish in time.

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QStringList>

namespace masklab::test {

struct CliRun
{
    int exitCode = -1; // -1: crashed or hung
    QString out;
    QString err;
    QString all() const { return out + err; }
};

// Two minutes suit every command but find-errors, which trains folds and, under a parallel
// ctest on two cores, shares them with the other training tests.
inline CliRun
runCli(const QStringList &arguments, int timeoutMs = 120000,
       const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(MASKLAB_CLI_PATH), arguments);
    CliRun run;
    // The event loop runs meanwhile, so a server of the test's own can answer the command.
    QDeadlineTimer deadline(timeoutMs);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        process.waitForFinished(20);
        QCoreApplication::processEvents();
    }
    if (process.state() != QProcess::NotRunning || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace masklab::test
