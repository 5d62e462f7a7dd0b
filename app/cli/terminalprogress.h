#pragma once
// A one-line progress bar on stderr for long CLI jobs; quiet when stderr is not a terminal,
// except for a line every 10%, so logs of headless runs still show progress.

#include "progress.h"

#include <QElapsedTimer>

#include <mutex>

namespace masklab::cli {

class TerminalProgress
{
public:
    TerminalProgress();
    ~TerminalProgress();

    // A sink that forwards to this bar; the bar must outlive the work.
    ProgressSink sink(const std::atomic<bool> *cancel = nullptr);
    void finish();

private:
    void update(const QString &phase, qint64 done, qint64 total);

    std::mutex m_mutex;
    QElapsedTimer m_sinceDraw;
    QString m_phase;
    int m_lastDecile = -1;
    bool m_tty = false;
    bool m_drawn = false;
};

// While one exists, Ctrl+C sets flag() instead of killing the process, so the job can stop at a
// safe point and clean up (a training saves `last`, a dataset export removes its half copy).
class InterruptFlag
{
public:
    InterruptFlag();
    ~InterruptFlag();
    InterruptFlag(const InterruptFlag &) = delete;
    InterruptFlag &operator=(const InterruptFlag &) = delete;

    const std::atomic<bool> *flag() const;
    // Sets the flag as Ctrl+C would (a training that reached --until-epoch).
    void requestStop() const;
};

} // namespace masklab::cli
