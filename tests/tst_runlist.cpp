// The Training tab's view of runs already on disk, with real widgets and no training: the run
// list's status and Duration columns for runs without status.json, running or interrupted; a run
// written by another process followed as its files grow; the rate curve's source; curves with
// thousands of points.

#include "runfollower.h"
#include "runlistmodel.h"
#include "runtimelabel.h"
#include "testsupport.h"
#include "trainingcurves.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestRunList : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dataset;
    QString m_workspace;

    // The config a run folder of these tests records (nothing trains it).
    TrainConfig runConfig() const
    {
        TrainConfig c;
        c.data.dataset = m_dataset;
        c.model.architecture = ModelConfig::Architecture::SmallCnn;
        c.train.epochs = 3;
        return c;
    }

private slots:
    void initTestCase()
    {
        m_dataset = m_tmp.filePath("ds");
        m_workspace = m_tmp.filePath("ds.masklab");
        QVERIFY(makeSynthDataset(m_dataset, 6, 0, 0, false, 96, 128));
    }

    // A run folder without status.json (copied without it, or from an older MaskLab): its
    // metrics say how far it got.
    void runWithoutStatusFile_data()
    {
        QTest::addColumn<int>("epochsDone");
        QTest::addColumn<QString>("status");
        QTest::newRow("no epoch") << 0 << "unknown";
        QTest::newRow("some epochs") << 3 << "incomplete";
        QTest::newRow("all epochs") << 10 << "finished";
    }

    void runWithoutStatusFile()
    {
        QFETCH(int, epochsDone);
        QFETCH(QString, status);
        RunSummary run;
        run.dir = m_tmp.filePath("no-status");
        run.epochsPlanned = 10;
        run.epochsDone = epochsDone;
        QCOMPARE(RunListModel().statusText(run), status);
    }

    // The Duration column: a running run's time grows every second from its session's start;
    // one whose process died counts until its files last changed and is "interrupted".
    void durationsOfRunningAndInterruptedRuns()
    {
        const QString ws = m_tmp.filePath("durations");
        const QDateTime now = QDateTime::currentDateTimeUtc();
        EpochMetrics epoch;
        epoch.epoch = 1;
        auto makeRun = [&](const QString &name, qint64 pid, double seconds, qint64 sessionAgo) {
            const QString dir = ws + "/runs/" + name;
            QVERIFY(QDir().mkpath(dir));
            QVERIFY(writeFile(dir + "/config.yaml", trainConfigToYaml(runConfig())));
            QVERIFY(writeFile(dir + "/metrics.jsonl", epochMetricsJson(epoch) + '\n'));
            RunStatus status;
            status.state = RunStatus::State::Running;
            status.started = now.addSecs(-sessionAgo);
            status.pid = pid;
            status.seconds = seconds;
            status.sessionStarted = now.addSecs(-sessionAgo);
            QString error;
            QVERIFY2(writeRunStatus(dir, status, &error), qPrintable(error));
        };
        makeRun("live", QCoreApplication::applicationPid(), 100, 60);
        makeRun("died", 99999999, 50, 7200);
        QFile died(ws + "/runs/died/metrics.jsonl"); // its last write, 20 min into the session
        QVERIFY(died.open(QIODevice::ReadWrite));
        QVERIFY(died.setFileTime(now.addSecs(-7200 + 1200).toLocalTime(),
                                 QFileDevice::FileModificationTime));
        died.close();

        RunListModel model;
        model.setWorkspace(ws);
        const int live = model.rowOf(ws + "/runs/live"), gone = model.rowOf(ws + "/runs/died");
        QVERIFY(live >= 0 && gone >= 0);
        QCOMPARE(model.statusText(model.run(live)), "running");
        QCOMPARE(model.statusText(model.run(gone)), "interrupted");
        const double liveSeconds = model.durationOf(live);
        QVERIFY2(liveSeconds >= 159.5 && liveSeconds < 175,
                 qPrintable(QString::number(liveSeconds)));
        const double goneSeconds = model.durationOf(gone);
        QVERIFY2(qAbs(goneSeconds - 1250) < 2, qPrintable(QString::number(goneSeconds)));
        // The live row's time ticks without a refresh.
        QSignalSpy ticked(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(ticked.wait(2000));
        QTRY_VERIFY(model.durationOf(live) >= liveSeconds + 1);
        QCOMPARE(model.durationOf(gone), goneSeconds); // an interrupted run's time stands still
        // The Training tab shown the same run says so, with the same time.
        auto panel = shownTrainingPanel(m_dataset, ws);
        panel->showRun(ws + "/runs/died");
        QCOMPARE(part<RunTimeLabel>(*panel)->text(),
                 "interrupted after " + formatDuration(goneSeconds));
    }

    void followsARunWrittenElsewhere()
    {
        const QString run = m_tmp.filePath("synced/run-gpu");
        QVERIFY(QDir().mkpath(run));
        TrainConfig config = runConfig();
        config.train.epochs = 10;
        QVERIFY(writeFile(run + "/config.yaml", trainConfigToYaml(config)));
        EpochMetrics m;
        QByteArray lines;
        for (int e = 1; e <= 2; ++e) {
            m.epoch = e;
            m.macroF1 = 0.1 * e;
            lines += epochMetricsJson(m) + '\n';
        }
        QVERIFY(writeFile(run + "/metrics.jsonl", lines));
        QByteArray batches = batchCsvHeader();
        for (int e = 1; e <= 2; ++e)
            for (int b = 1; b <= 4; ++b)
                batches += batchCsvRow({e, b, 4, 1.0 / e, 500});
        QVERIFY(writeFile(run + "/batches.csv", batches));
        auto panel = shownTrainingPanel(m_dataset, m_workspace);
        part<RunFollower>(*panel)->setPollInterval(100);
        panel->showRun(run);
        QCOMPARE(part<TrainingCurves>(*panel)->epochCount(), 2);
        QCOMPARE(part<TrainingCurves>(*panel)->batchPointCount(), 8);
        // Batches of epoch 3 arrive: the curve, the bars and the time left follow them.
        QFile batchFile(run + "/batches.csv");
        QVERIFY(batchFile.open(QIODevice::Append));
        batchFile.write(batchCsvRow({3, 1, 4, 0.3, 480}) + batchCsvRow({3, 2, 4, 0.3, 490}));
        batchFile.close();
        QTRY_COMPARE_WITH_TIMEOUT(part<TrainingCurves>(*panel)->batchPointCount(), 10, 5000);
        QVERIFY2(panel->progressText().startsWith("epoch 3/10 batch 2/4 490 images/s following: "),
                 qPrintable(panel->progressText()));
        QVERIFY(panel->progressText().endsWith(" left"));
        // Another process appends epoch 3, first half a line, then the rest.
        m.epoch = 3;
        m.macroF1 = 0.5;
        const QByteArray line = epochMetricsJson(m) + '\n';
        QFile file(run + "/metrics.jsonl");
        QVERIFY(file.open(QIODevice::Append));
        file.write(line.left(10));
        file.flush();
        part<RunFollower>(*panel)->poll(); // reads now what is there, as its timer would
        QCOMPARE(part<TrainingCurves>(*panel)->epochCount(), 2); // not a whole line yet
        file.write(line.mid(10));
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(part<TrainingCurves>(*panel)->epochCount(), 3, 5000);
        QCOMPARE(part<TrainingCurves>(*panel)->bestEpoch(), 3);
        // A sync tool replaces the file with a shorter one: start over.
        QVERIFY(writeFile(run + "/metrics.jsonl", epochMetricsJson(m) + '\n'));
        QTRY_COMPARE_WITH_TIMEOUT(part<TrainingCurves>(*panel)->epochCount(), 1, 5000);
        QCOMPARE(part<TrainingCurves>(*panel)->batchPointCount(), 10); // re-read, not doubled
    }

    // The rate curve: one point per batch where batches.csv has the rate, else a step per epoch
    // from metrics.jsonl - never both (their shapes differ under a per-batch schedule).
    void rateCurveFromBatchesOrEpochs_data()
    {
        QTest::addColumn<bool>("batchesHaveLr");
        QTest::addColumn<int>("points");
        QTest::newRow("per-batch run") << true << 8;
        QTest::newRow("run from before per-batch rates") << false << 4;
    }
    void rateCurveFromBatchesOrEpochs()
    {
        QFETCH(bool, batchesHaveLr);
        QFETCH(int, points);
        const QString run = m_tmp.filePath(batchesHaveLr ? "lr/batch" : "lr/epoch");
        QVERIFY(QDir().mkpath(run));
        QVERIFY(writeFile(run + "/config.yaml", trainConfigToYaml(runConfig())));
        EpochMetrics m;
        QByteArray lines;
        QByteArray batches = batchesHaveLr ? batchCsvHeader() : "epoch,batch,batches,loss,ips\n";
        for (int e = 1; e <= 2; ++e) {
            m.epoch = e;
            m.lr = 0.001 / e;
            lines += epochMetricsJson(m) + '\n';
            for (int b = 1; b <= 4; ++b)
                batches += batchCsvRow({e, b, 4, 1.0, 500, 0.001 / (e * b)}, batchesHaveLr);
        }
        QVERIFY(writeFile(run + "/metrics.jsonl", lines));
        QVERIFY(writeFile(run + "/batches.csv", batches));
        auto panel = shownTrainingPanel(m_dataset, m_workspace);
        panel->showRun(run);
        QCOMPARE(part<TrainingCurves>(*panel)->batchPointCount(), 8);
        QCOMPARE(part<TrainingCurves>(*panel)->lrPointCount(), points);
    }

    void curvesTakeThousandsOfPoints()
    {
        TrainingCurves curves;
        curves.resize(900, 600);
        curves.show();
        for (int chunk = 0; chunk < 100; ++chunk) {
            std::vector<BatchRecord> batches; // 500 batches an epoch
            for (int i = 0; i < 50; ++i) {
                const int n = chunk * 50 + i;
                batches.push_back({n / 500 + 1, n % 500 + 1, 500, 2.0 / (1 + chunk), 100, 1e-3});
            }
            curves.addBatches(batches);
        }
        QCOMPARE(curves.batchPointCount(), 5000);
        QCOMPARE(curves.csv().count('\n'), 5000 + 3); // two headers and a blank line
        std::vector<std::pair<QString, std::vector<EpochMetrics>>> others(2);
        others[0].first = "a";
        others[1].first = "b";
        curves.setComparison(others);
        QCOMPARE(curves.comparisonCount(), 4); // F1 and validation loss of each
        curves.setComparison({});
        QCOMPARE(curves.comparisonCount(), 0);
    }
};

QTEST_MAIN(TestRunList)
#include "tst_runlist.moc"
