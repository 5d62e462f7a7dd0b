#pragma once
// What the GUI's long jobs (training, the finder, predicting) share: the work runs on a thread
// of its own with a cancel flag it checks; what it reports goes into a JobMailbox, and
// updateAvailable() is signalled, without payload, at most once until the GUI takes it; when
// the thread has ended, the job hears it on the GUI thread (workEnded) with what an exception
// left behind, if anything: the jobs' own code reports its failures, this last resort keeps the
// GUI alive.

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <thread>

namespace masklab::ui {

class BackgroundJob : public QObject
{
    Q_OBJECT
public:
    ~BackgroundJob() override;

    void stop() { m_cancel = true; } // the work stops at its next check (a batch, an image)
    bool isRunning() const { return m_running; }
    bool isStopping() const { return m_running && m_cancel; }
    void waitForFinished(); // blocks until the thread has ended (closing the window mid-job)

signals:
    void updateAvailable(); // on the GUI thread: the job has something to take

protected:
    explicit BackgroundJob(QObject *parent);

    // Runs work on a new thread; false while earlier work runs.
    bool launch(std::function<void()> work);
    const std::atomic<bool> *cancelFlag() const { return &m_cancel; }
    // From any thread: queues updateAvailable() (JobMailbox calls it once until taken).
    void notifyUpdate();
    // Every derived destructor calls this first: the work writes into the derived members.
    void stopAndWait();
    // On the GUI thread once the thread has been joined; unexpectedError is "unexpected error:
    // ..." when an exception escaped the work, else empty.
    virtual void workEnded(const QString &unexpectedError) = 0;

private:
    void onWorkDone();

    std::thread m_thread;
    QString m_escapedError; // written by the thread, read after it has been joined
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
};

} // namespace masklab::ui
