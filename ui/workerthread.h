#pragma once
// One piece of long work on a thread of its own, for the GUI's jobs: a cancel flag the work
// checks, and finished() on the GUI thread once the thread has ended. The work reports
// progress through its own channel (see PredictJob).

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <thread>

namespace masklab::ui {

class WorkerThread : public QObject
{
    Q_OBJECT
public:
    explicit WorkerThread(QObject *parent = nullptr);
    ~WorkerThread() override; // cancels running work and waits for it

    // Runs work on a new thread; false while earlier work runs.
    bool start(std::function<void()> work);
    void cancel() { m_cancel = true; }
    bool isRunning() const { return m_running; }
    const std::atomic<bool> *cancelFlag() const { return &m_cancel; }
    void waitForFinished();
    // What escaped the work when it threw (the jobs' own code reports its failures; this is
    // the last resort that keeps the GUI alive); empty otherwise.
    QString escapedError() const { return m_escapedError; }

signals:
    void finished(); // on the GUI thread; the thread has been joined

private:
    void onWorkDone();

    std::thread m_thread;
    QString m_escapedError; // written by the thread, read after it has been joined
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
};

} // namespace masklab::ui
