#pragma once
// One masklab-cli child process (a sweep's training stretch, a queue entry): started with this
// program's own path, its output appended to a log, stopped as Ctrl+C would when `cancel` is set
// (it finishes its batch and saves), and its end told in the child's own words.

#include <QString>
#include <QStringList>

#include <atomic>

namespace masklab::cli {

struct ChildEnd
{
    bool started = false;
    bool crashed = false;     // a signal ended it, not asked for
    bool interrupted = false; // ended after the cancel flag was set
    int exitCode = 0;
    QString reason; // not started, crashed, or a non-zero exit: why, naming the log
};

ChildEnd runCliChild(const QStringList &arguments, const QString &logPath,
                     const std::atomic<bool> *cancel);

} // namespace masklab::cli
