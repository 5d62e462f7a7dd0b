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

// The environment torchrun gives rank `rank` of two on loopback (20 s rendezvous timeout).
inline QProcessEnvironment rankEnvironment(int rank, int port)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RANK"), QString::number(rank));
    env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
    env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
    env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
    env.insert(QStringLiteral("MASKLAB_DIST_TIMEOUT"), QStringLiteral("20"));
    return env;
}

} // namespace masklab::test
