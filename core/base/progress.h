#pragma once
// How long-running core work reports progress and is cancelled, without any Qt event loop.

#include <QString>

#include <atomic>
#include <functional>

namespace masklab {

struct ProgressSink
{
    // Called from worker threads; must be cheap and thread-safe. phase names the current step.
    std::function<void(const QString &phase, qint64 done, qint64 total)> report;
    // Checked between units of work; when it becomes true the work stops early.
    const std::atomic<bool> *cancel = nullptr;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    void operator()(const QString &phase, qint64 done, qint64 total) const
    {
        if (report)
            report(phase, done, total);
    }
};

} // namespace masklab
