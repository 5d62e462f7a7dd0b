// The time-left estimate every progress display uses (CLI train and find-errors, the Training
// tab, the finder box): the pace counts only from the first report, and it stays "?" while
// there is nothing to go on.

#include "runrecord.h"
#include "timeleft.h"

#include <QTest>

using namespace masklab;

class TestTimeLeft : public QObject
{
    Q_OBJECT
private slots:
    void estimate_data()
    {
        QTest::addColumn<double>("startShare");
        QTest::addColumn<double>("share");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<double>("left"); // -1: too early to say
        QTest::newRow("a tenth in 60 s") << 0.0 << 0.1 << 60.0 << 540.0;
        // A resumed run: half was done before; this process did 0.1 in 60 s.
        QTest::newRow("resumed at half") << 0.5 << 0.6 << 60.0 << 240.0;
        QTest::newRow("done") << 0.0 << 1.0 << 30.0 << 0.0;
        QTest::newRow("no progress yet") << 0.3 << 0.3 << 60.0 << -1.0;
        QTest::newRow("under two seconds") << 0.0 << 0.2 << 1.5 << -1.0;
    }

    void estimate()
    {
        QFETCH(double, startShare);
        QFETCH(double, share);
        QFETCH(double, seconds);
        QFETCH(double, left);
        const std::optional<double> estimate = estimateSecondsLeft(startShare, share, seconds);
        QCOMPARE(estimate.has_value(), left >= 0);
        if (estimate)
            QVERIFY(qAbs(*estimate - left) < 1e-6);
    }

    void unknownUntilTheClockRuns()
    {
        TimeLeft timeLeft;
        QCOMPARE(timeLeft.text(), QStringLiteral("?"));
        timeLeft.update(0.25);
        QVERIFY(!timeLeft.secondsLeft()); // the first report only starts the clock
        timeLeft.update(0.5);
        QCOMPARE(timeLeft.text(), QStringLiteral("?")); // well under two seconds since
    }

    // Between reports the estimate counts down (validation and saving send none), and until
    // the pace is known the plan made before the start speaks.
    void countsDownAndFallsBackOnThePlan()
    {
        TimeLeft timeLeft;
        timeLeft.setPlan(600);
        timeLeft.updateAt(0, 100);                     // the job starts at t = 100
        QCOMPARE(*timeLeft.secondsLeftAt(101), 599.0); // the plan, counted down
        timeLeft.updateAt(0.1, 160);                   // a tenth in 60 s: 540 s left
        QCOMPARE(*timeLeft.secondsLeftAt(160), 540.0);
        QCOMPARE(*timeLeft.secondsLeftAt(190), 510.0); // 30 s without a report
        QCOMPARE(*timeLeft.secondsLeftAt(2000), 0.0);  // never below zero
        timeLeft.updateAt(0.5, 400); // faster than the plan: the measured pace wins
        QCOMPARE(*timeLeft.secondsLeftAt(400), 300.0);

        TimeLeft unplanned;
        unplanned.updateAt(0.2, 0);
        QVERIFY(!unplanned.secondsLeftAt(1)); // no plan, no pace yet
    }

    void durations_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds") << 42.4 << "42 s";
        QTest::newRow("minutes") << 720.0 << "12 min";
        QTest::newRow("hours") << 3.0 * 3600 + 5 * 60 << "3 h 05 min";
    }

    void durations()
    {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(formatDuration(seconds), text);
    }
};

QTEST_GUILESS_MAIN(TestTimeLeft)
#include "tst_timeleft.moc"
