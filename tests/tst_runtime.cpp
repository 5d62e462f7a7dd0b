// A run's time and liveness as its folder tells them: status.json's seconds (and what stands in
// for them in older or damaged files), a crashed session's time recovered on resume, whether a
// "running" run is in fact running, and the batches.csv rows before and after the lr column.

#include "runrecord.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;

namespace {
void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

// Two epochs of 30 s and 45 s in metrics.jsonl.
void writeTwoEpochs(const QString &runDir)
{
    EpochMetrics first;
    first.epoch = 1;
    first.seconds = 30;
    EpochMetrics second = first;
    second.epoch = 2;
    second.seconds = 45;
    writeFile(runDir + "/metrics.jsonl",
              epochMetricsJson(first) + '\n' + epochMetricsJson(second) + '\n');
}

void setModified(const QString &path, const QDateTime &when)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(when, QFileDevice::FileModificationTime));
}

// A pid that no process has: far above the kernel's default pid_max.
constexpr qint64 kDeadPid = 99999999;
} // namespace

class TestRunTime : public QObject
{
    Q_OBJECT
private slots:
    void secondsFromStatusOrEpochs_data()
    {
        QTest::addColumn<QByteArray>("statusJson"); // empty: no status.json
        QTest::addColumn<bool>("hasSeconds");
        QTest::addColumn<double>("seconds");
        QTest::newRow("no status.json") << QByteArray() << false << 75.0;
        QTest::newRow("status.json before seconds")
            << QByteArray(R"({"state": "finished", "pid": 1})") << false << 75.0;
        QTest::newRow("seconds as text")
            << QByteArray(R"({"state": "finished", "seconds": "abc"})") << false << 75.0;
        QTest::newRow("negative seconds")
            << QByteArray(R"({"state": "finished", "seconds": -5})") << false << 75.0;
        QTest::newRow("seconds kept")
            << QByteArray(R"({"state": "stopped", "seconds": 612.5})") << true << 612.5;
    }
    void secondsFromStatusOrEpochs()
    {
        QFETCH(QByteArray, statusJson);
        QFETCH(bool, hasSeconds);
        QFETCH(double, seconds);
        QTemporaryDir run;
        writeTwoEpochs(run.path());
        if (!statusJson.isEmpty())
            writeFile(run.filePath("status.json"), statusJson);
        const RunStatus status = readRunStatus(run.path());
        QCOMPARE(status.hasSeconds, hasSeconds);
        QCOMPARE(status.seconds, seconds);
        QCOMPARE(summarizeRun(run.path()).seconds, seconds);
    }

    void aRunningSessionCountsFromItsStart()
    {
        QTemporaryDir run;
        RunStatus status;
        status.state = RunStatus::State::Running;
        status.seconds = 100;
        status.sessionStarted = QDateTime::currentDateTimeUtc().addSecs(-60);
        QString error;
        QVERIFY2(writeRunStatus(run.path(), status, &error), qPrintable(error));
        const RunStatus read = readRunStatus(run.path());
        const double now = read.secondsAt(QDateTime::currentDateTime());
        QVERIFY2(now >= 159.5 && now < 170, qPrintable(QString::number(now)));
        // A run that ended does not grow.
        status.state = RunStatus::State::Stopped;
        QVERIFY(writeRunStatus(run.path(), status, &error));
        QCOMPARE(readRunStatus(run.path()).secondsAt(QDateTime::currentDateTime().addSecs(600)),
                 100.0);
    }

    void aResumeCountsACrashedSessionUntilItsLastWrite()
    {
        QTemporaryDir run;
        writeTwoEpochs(run.path());
        RunStatus crashed;
        crashed.state = RunStatus::State::Running; // it never wrote how it ended
        crashed.pid = kDeadPid;
        crashed.seconds = 200;
        const QDateTime sessionStart = QDateTime::currentDateTimeUtc().addSecs(-3600);
        crashed.sessionStarted = sessionStart;
        QString error;
        QVERIFY(writeRunStatus(run.path(), crashed, &error));
        // Its last write came 5 minutes into the session, then nothing for 55 minutes.
        setModified(run.filePath("metrics.jsonl"), sessionStart.addSecs(300));

        RunStatusKeeper keeper(run.path());
        QVERIFY2(keeper.begin(QStringLiteral("CPU"), 1, QString(), &error), qPrintable(error));
        const RunStatus resumed = readRunStatus(run.path());
        QCOMPARE(resumed.state, RunStatus::State::Running);
        QVERIFY2(qAbs(resumed.seconds - 500) < 1.5, qPrintable(QString::number(resumed.seconds)));
        QVERIFY(resumed.sessionStarted.secsTo(QDateTime::currentDateTimeUtc()) < 10);
    }

    void aRunningRunIsLiveWhileItsProcessOrFilesAre_data()
    {
        QTest::addColumn<bool>("processAlive");
        QTest::addColumn<int>("minutesSinceWrite");
        QTest::addColumn<bool>("live");
        QTest::newRow("process alive, quiet files") << true << 60 << true;
        QTest::newRow("process gone, recent write") << false << 2 << true;
        QTest::newRow("process gone, quiet for an hour") << false << 60 << false;
    }
    void aRunningRunIsLiveWhileItsProcessOrFilesAre()
    {
        QFETCH(bool, processAlive);
        QFETCH(int, minutesSinceWrite);
        QFETCH(bool, live);
        RunStatus status;
        status.state = RunStatus::State::Running;
        status.pid = processAlive ? QCoreApplication::applicationPid() : kDeadPid;
        const QDateTime lastWrite = QDateTime::currentDateTime().addSecs(-60 * minutesSinceWrite);
        QCOMPARE(runIsLive(status, lastWrite), live);
        status.state = RunStatus::State::Stopped;
        QVERIFY(!runIsLive(status, QDateTime::currentDateTime()));
    }

    void lastWriteIsTheNewerFile()
    {
        QTemporaryDir run;
        QVERIFY(!lastRunWrite(run.path()).isValid());
        writeTwoEpochs(run.path());
        writeFile(run.filePath("batches.csv"), batchCsvHeader());
        const QDateTime older = QDateTime::currentDateTime().addSecs(-3000);
        const QDateTime newer = older.addSecs(1000);
        setModified(run.filePath("metrics.jsonl"), older);
        setModified(run.filePath("batches.csv"), newer);
        QCOMPARE(lastRunWrite(run.path()).toSecsSinceEpoch(), newer.toSecsSinceEpoch());
    }

    void batchRows_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("lr");
        QTest::newRow("with lr") << QByteArray("3,4,10,0.52,81.5,0.0005\n") << true << 0.0005;
        QTest::newRow("before lr was kept") << QByteArray("3,4,10,0.52,81.5") << true << -1.0;
        QTest::newRow("header") << batchCsvHeader() << false << 0.0;
        QTest::newRow("lr not a number") << QByteArray("3,4,10,0.52,81.5,fast") << false << 0.0;
        QTest::newRow("torn line") << QByteArray("3,4,10,0.5") << false << 0.0;
        QTest::newRow("seven fields") << QByteArray("3,4,10,0.52,81.5,0.1,9") << false << 0.0;
        QTest::newRow("batch past the epoch") << QByteArray("3,11,10,0.52,81.5") << false << 0.0;
    }
    void batchRows()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, valid);
        QFETCH(double, lr);
        const auto record = parseBatchCsvRow(line);
        QCOMPARE(record.has_value(), valid);
        if (!valid)
            return;
        QCOMPARE(record->epoch, 3);
        QCOMPARE(record->batch, 4);
        QCOMPARE(record->loss, 0.52);
        QCOMPARE(record->lr, lr);
        // And back: a row written without the lr column reads the same.
        QCOMPARE(parseBatchCsvRow(batchCsvRow(*record, lr >= 0))->lr, lr);
    }
};

QTEST_GUILESS_MAIN(TestRunTime)
#include "tst_runtime.moc"
