#pragma once
// Where a background job's worker thread leaves its reports for the GUI thread: one pending
// update under a lock, filled in by post() and taken whole by take(). Only the first post()
// after a take() notifies, so thousands of batch events cost the GUI thread a few repaints,
// not thousands of signals.

#include <atomic>
#include <functional>
#include <mutex>
#include <utility>

namespace masklab::ui {

template <class Update> class JobMailbox
{
public:
    explicit JobMailbox(std::function<void()> notify) : m_notify(std::move(notify)) {}

    // Worker thread: change(Update &) folds one report into the pending update.
    template <class Change> void post(Change &&change)
    {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            change(m_pending);
        }
        if (!m_notified.exchange(true))
            m_notify();
    }

    // GUI thread: everything posted since the last take.
    Update take()
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_notified = false;
        return std::exchange(m_pending, Update());
    }

    // Before a new job: forgets what the last one left.
    void clear() { take(); }

private:
    std::function<void()> m_notify;
    std::mutex m_mutex; // guards m_pending
    Update m_pending;
    std::atomic<bool> m_notified{false};
};

} // namespace masklab::ui
