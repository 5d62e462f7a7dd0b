// The plumbing the Training, Suspects and Eval tabs' jobs share (BackgroundJob, JobMailbox): a
// worker's many reports reach the GUI thread folded, with one signal until they are taken; stop
// ends the work at its next check; a second start while one runs is refused; an exception that
// escapes the work becomes the job's error instead of ending the program.

#include "backgroundjob.h"
#include "jobmailbox.h"

#include <QSignalSpy>
#include <QTest>

#include <stdexcept>

using namespace masklab::ui;

namespace {

struct Counted
{
    int reports = 0;
};

// Reports `reports` times, or until stopped; throws when asked to.
class CountingJob : public BackgroundJob
{
    Q_OBJECT
public:
    CountingJob() : BackgroundJob(nullptr) {}
    ~CountingJob() override { stopAndWait(); }

    bool start(int reports, bool untilStopped = false, bool throws = false)
    {
        if (isRunning())
            return false;
        m_counted.clear();
        return launch([this, reports, untilStopped, throws] {
            for (int i = 0; i < reports || (untilStopped && !*cancelFlag()); ++i)
                m_counted.post([](Counted &c) { ++c.reports; });
            if (throws)
                throw std::runtime_error("the disk went away\nand a second line");
        });
    }
    Counted take() { return m_counted.take(); }

    QString error;
    int notifications = 0;

signals:
    void ended();

private:
    void workEnded(const QString &unexpectedError) override
    {
        error = unexpectedError;
        emit ended();
    }

    JobMailbox<Counted> m_counted{[this] {
        ++notifications; // worker thread; read after the job ended
        notifyUpdate();
    }};
};

} // namespace

class TestBackgroundJob : public QObject
{
    Q_OBJECT
private slots:
    void reportsArriveFoldedWithOneSignalUntilTaken()
    {
        CountingJob job;
        QSignalSpy ended(&job, &CountingJob::ended);
        QSignalSpy updates(&job, &BackgroundJob::updateAvailable);
        QVERIFY(job.start(20000));
        QVERIFY(ended.wait(20000));
        QCOMPARE(job.notifications, 1); // nothing was taken in between: one signal for 20,000
        QCOMPARE(job.take().reports, 20000);
        QCOMPARE(job.take().reports, 0); // taken whole
        QCoreApplication::processEvents();
        QCOMPARE(updates.count(), 1);
        QVERIFY(job.error.isEmpty());
    }

    void takingReArmsTheSignal()
    {
        CountingJob job;
        QSignalSpy ended(&job, &CountingJob::ended);
        int taken = 0;
        int arrived = 0;
        connect(&job, &BackgroundJob::updateAvailable, this, [&] {
            ++arrived;
            taken += job.take().reports;
        });
        QVERIFY(job.start(0, true));
        QTRY_VERIFY_WITH_TIMEOUT(arrived >= 3, 20000); // each take lets the next report signal
        job.stop();
        QVERIFY(job.isStopping());
        QVERIFY(ended.wait(20000));
        // Every signal was queued before the end, so each has been delivered and taken.
        QCOMPARE(job.notifications, arrived);
        QVERIFY(!job.isRunning());
        QVERIFY(job.error.isEmpty());
        QVERIFY(taken > 0);
    }

    void aSecondStartWhileRunningIsRefused()
    {
        CountingJob job;
        QSignalSpy ended(&job, &CountingJob::ended);
        QVERIFY(job.start(0, true));
        QVERIFY(!job.start(1));
        job.stop();
        QVERIFY(ended.wait(20000));
        QVERIFY(job.start(5)); // once it ended, it starts again, with an empty mailbox
        QVERIFY(ended.wait(20000));
        QCOMPARE(job.take().reports, 5);
    }

    void anEscapedExceptionBecomesTheError()
    {
        CountingJob job;
        QSignalSpy ended(&job, &CountingJob::ended);
        QVERIFY(job.start(3, false, true));
        QVERIFY(ended.wait(20000));
        QCOMPARE(job.error, QStringLiteral("unexpected error: the disk went away"));
        QCOMPARE(job.take().reports, 3);
    }

    void destroyingARunningJobStopsIt()
    {
        auto job = std::make_unique<CountingJob>();
        QVERIFY(job->start(0, true));
        job.reset(); // stops the work and waits for it: no thread writes into a deleted job
    }
};

QTEST_GUILESS_MAIN(TestBackgroundJob)
#include "tst_backgroundjob.moc"
