// The Training tab with real widgets, a tiny model and a tiny generated dataset: the config
// editor round-trips YAML and blocks a bad field; a run streams points into the curves; stop ends
// it within one batch (mid-epoch, kept in last.pt); resume continues from there; a run written
// by another process is followed as its metrics.jsonl grows; the confusion matrix leads to the
// browser.

#include "configeditor.h"
#include "confusionview.h"
#include "coresharing.h"
#include "runfollower.h"
#include "runlistmodel.h"
#include "runtimelabel.h"
#include "testsupport.h"
#include "trainingcurves.h"
#include "trainingjob.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestTrainingPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dataset;
    QString m_workspace;

    TrainConfig tinyConfig() const
    {
        TrainConfig c;
        c.data.dataset = m_dataset;
        c.data.inputWidth = 36;
        c.data.inputHeight = 48;
        c.model.architecture = ModelConfig::Architecture::SmallCnn;
        c.train.epochs = 3;
        c.train.batchSize = 8;
        c.train.threads = 1;
        c.train.workers = 1;
        c.optimizer.lr = 0.003;
        c.data.crop.reset(); // the test photos are 96x128
        return c;
    }

    static std::unique_ptr<TrainingPanel> makePanel(const QString &dataset, const QString &ws)
    {
        auto panel = std::make_unique<TrainingPanel>();
        panel->resize(1300, 800);
        panel->setDataset(dataset, ws);
        panel->show();
        return panel;
    }

private slots:
    void initTestCase()
    {
        m_dataset = m_tmp.filePath("ds");
        m_workspace = m_tmp.filePath("ds.masklab");
        QVERIFY(makeSynthDataset(m_dataset, 24, 0, 0, false, 96, 128));
    }

    void configEditorRoundTripsYaml()
    {
        ConfigEditor editor;
        TrainConfig config = tinyConfig();
        config.loss.terms = {{LossTerm::Kind::Focal, 0.7, 2.5, 0.1},
                             {LossTerm::Kind::F1, 0.3, 2, 0.1}};
        config.data.crop = std::array<int, 4>{48, 24, 288, 384};
        config.data.ageOldFrom = 58;
        config.optimizer.nesterov = false;
        config.split.folds = 5;
        config.split.fold = 2;
        config.train.runName = QStringLiteral("my run: 1");
        editor.setConfig(config);
        QVERIFY2(editor.isValid(), qPrintable(QStringList(editor.problems().values()).join(';')));
        const QByteArray yaml = trainConfigToYaml(config);
        QCOMPARE(editor.toYaml(), yaml);
        ConfigEditor other; // a file saved by one editor loads into another unchanged
        QString error;
        QVERIFY2(other.loadYaml(editor.toYaml(), "saved.yaml", &error), qPrintable(error));
        QCOMPARE(other.toYaml(), yaml);
        QCOMPARE(qobject_cast<QLineEdit *>(other.fieldWidget("train.run_name"))->text(),
                 QString("my run: 1"));
    }

    void invalidFieldBlocksStart_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("shownAt");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a number") << "optimizer.lr"
                                      << "fast"
                                      << "optimizer.lr"
                                      << "\"fast\" is not a number";
        QTest::newRow("out of range") << "augment.hflip"
                                      << "1.5"
                                      << "augment.hflip"
                                      << "out of range";
        QTest::newRow("bad list") << "data.crop"
                                  << "[1, 2]"
                                  << "data.crop"
                                  << "needs 4 values";
        QTest::newRow("rule between keys") << "model.freeze_backbone_epochs"
                                           << "2"
                                           << "model.pretrained"
                                           << "needs pretrained weights";
    }

    void invalidFieldBlocksStart()
    {
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QString, shownAt);
        QFETCH(QString, message);
        auto panel = makePanel(m_dataset, m_workspace);
        panel->editor()->setConfig(tinyConfig());
        QVERIFY(part<QPushButton>(*panel, QStringLiteral("startTraining"))->isEnabled());
        panel->editor()->setFieldText(key, text);
        QLabel *label = panel->editor()->problemLabel(shownAt);
        QVERIFY(!label->isHidden()); // shown under its field (on its page)
        QVERIFY2(label->text().contains(message), qPrintable(label->text()));
        QVERIFY(!part<QPushButton>(*panel, QStringLiteral("startTraining"))->isEnabled());
        QVERIFY(!panel->startTraining());
        QVERIFY(!panel->isTraining());
        panel->editor()->setConfig(tinyConfig()); // fixed: allowed again
        QVERIFY(label->isHidden());
        QVERIFY(part<QPushButton>(*panel, QStringLiteral("startTraining"))->isEnabled());
    }

    void runStreamsStopsAndResumes()
    {
        auto panel = makePanel(m_dataset, m_workspace);
        TrainConfig config = tinyConfig();
        config.train.runName = QStringLiteral("live");
        config.train.epochs = 4;
        panel->editor()->setConfig(config);
        QSignalSpy finished(part<TrainingJob>(*panel), &TrainingJob::finished);
        QVERIFY(panel->startTraining());
        QVERIFY(panel->isTraining());
        QVERIFY(!panel->editor()->isEnabled()); // no edits mid-run
        // Points arrive in the plot buffer, then a whole epoch.
        QTRY_VERIFY_WITH_TIMEOUT(part<TrainingCurves>(*panel)->batchPointCount() > 0, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(part<TrainingCurves>(*panel)->epochCount() >= 1, 120000);
        const int row = part<RunListModel>(*panel)->rowOf(m_workspace + "/runs/live");
        QVERIFY(row >= 0);
        QCOMPARE(part<RunListModel>(*panel)->statusText(part<RunListModel>(*panel)->run(row)),
                 QString("running"));

        // Stop: after the flag is set, at most the batch in progress reports.
        part<TrainingJob>(*panel)->stop();
        part<TrainingJob>(*panel)->takeUpdate(); // what was reported before the stop
        QVERIFY(finished.wait(60000));
        const TrainingUpdate after = part<TrainingJob>(*panel)->takeUpdate();
        QVERIFY2(after.trained.size() <= 1, qPrintable(QString::number(after.trained.size())));
        QCOMPARE(finished.first().at(1).toBool(), true); // cancelled
        QVERIFY(!panel->isTraining());
        const RunSummary stopped = summarizeRun(m_workspace + "/runs/live");
        QCOMPARE(stopped.status.state, RunStatus::State::Stopped);
        QVERIFY(stopped.epochsDone >= 1 && stopped.epochsDone < 4);
        QCOMPARE(part<RunListModel>(*panel)->statusText(stopped), QString("stopped"));
        // The stop lands after a batch, mid-epoch, and last.pt keeps that point.
        QVERIFY2(panel->logText().contains("stopped in epoch"), qPrintable(panel->logText()));
        // One time for the run: the header says how long it took, no time left, and the runs
        // table has the same figure, from status.json.
        const QString took = formatDuration(stopped.status.seconds);
        QVERIFY2(panel->progressText().endsWith("stopped after " + took),
                 qPrintable(panel->progressText()));
        QCOMPARE(part<RunListModel>(*panel)
                     ->index(row, RunListModel::Duration)
                     .data(Qt::DisplayRole)
                     .toString(),
                 took);
        if (qEnvironmentVariableIsSet("MASKLAB_SHOTS")) {
            panel->resize(1300, 800);
            panel->grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/stopped.png");
        }

        // Resume continues the epoch count to the planned 4.
        QVERIFY(panel->resumeRun(stopped.dir));
        // Elapsed counts the part before the stop, in the header and the table alike.
        QTRY_VERIFY_WITH_TIMEOUT(panel->progressText().contains(" elapsed, "), 60000);
        const RunStatus resumed = readRunStatus(stopped.dir);
        QCOMPARE(resumed.seconds, stopped.status.seconds);
        QVERIFY(resumed.sessionStarted.isValid());
        QVERIFY(part<RunListModel>(*panel)->durationOf(row) >= stopped.status.seconds);
        QCOMPARE(part<TrainingCurves>(*panel)->epochCount(),
                 stopped.epochsDone); // the history is shown
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.last().at(0).toBool(), true);
        const RunSummary done = summarizeRun(stopped.dir);
        QCOMPARE(done.epochsDone, 4);
        QCOMPARE(done.status.state, RunStatus::State::Finished);
        QCOMPARE(part<TrainingCurves>(*panel)->epochCount(), 4);
        std::vector<int> epochs;
        for (const EpochMetrics &m : readRunHistory(stopped.dir))
            epochs.push_back(m.epoch);
        QCOMPARE(epochs, std::vector<int>({1, 2, 3, 4}));
        QVERIFY(panel->logText().contains("Saved"));
        QVERIFY(panel->logText().contains("continuing epoch")); // from the stopped batch on

        // The confusion matrix of the best epoch, and a cell leads to those persons.
        ConfusionView *confusion = part<ConfusionView>(*panel);
        QCOMPARE(confusion->matrixTable()->rowCount(), 18);
        confusion->setTask(1); // mask: 3x3
        QCOMPARE(confusion->matrixTable()->rowCount(), 3);
        int total = 0;
        for (int t = 0; t < 3; ++t)
            for (int p = 0; p < 3; ++p)
                total += confusion->matrixTable()->item(t, p)->text().toInt();
        QVERIFY(total > 0);
        if (qEnvironmentVariableIsSet("MASKLAB_SHOTS")) { // for looking at it by eye
            confusion->setTask(0);
            confusion->resize(1100, 600);
            confusion->grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/confusion.png");
            confusion->setTask(1);
        }
        QSignalSpy persons(panel.get(), &TrainingPanel::personsRequested);
        int cellRow = 0;
        while (confusion->foldersOf(cellRow, cellRow).isEmpty() && cellRow < 2)
            ++cellRow;
        emit confusion->matrixTable()->cellDoubleClicked(cellRow, cellRow);
        QCOMPARE(persons.count(), 1);
        const auto folders = persons.first().at(0).value<QSet<QString>>();
        QVERIFY(!folders.isEmpty());
        QVERIFY(QFileInfo::exists(m_dataset + "/train/images/" + *folders.begin()));
    }

    void aFailingRunLeavesTheAppRunning()
    {
        // A library error mid-run (here LibTorch's CUDA out-of-memory, injected) fails the run:
        // its status, the log, and the panel can start the next one.
        auto panel = makePanel(m_dataset, m_workspace);
        TrainConfig config = tinyConfig();
        config.train.runName = QStringLiteral("oom");
        panel->editor()->setConfig(config);
        QSignalSpy finished(part<TrainingJob>(*panel), &TrainingJob::finished);
        qputenv("MASKLAB_INJECT_FAULT", "train-batch:cuda-oom");
        QVERIFY(panel->startTraining());
        QVERIFY(finished.wait(60000));
        qunsetenv("MASKLAB_INJECT_FAULT");
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(panel->logText().contains("The run failed: the GPU ran out of memory"),
                 qPrintable(panel->logText()));
        const RunSummary failed = summarizeRun(m_workspace + "/runs/oom");
        QCOMPARE(failed.status.state, RunStatus::State::Failed);
        QCOMPARE(part<RunListModel>(*panel)->statusText(failed), QString("failed"));
        QVERIFY(!panel->isTraining());
        QVERIFY(part<QPushButton>(*panel, QStringLiteral("startTraining"))->isEnabled());
        QVERIFY2(panel->shownRunText().contains("Run oom failed: the GPU ran out of memory"),
                 qPrintable(panel->shownRunText()));
        if (qEnvironmentVariableIsSet("MASKLAB_SHOTS"))
            panel->grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/failed.png");
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
            QVERIFY(writeFile(dir + "/config.yaml", trainConfigToYaml(tinyConfig())));
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
        auto panel = makePanel(m_dataset, ws);
        panel->showRun(ws + "/runs/died");
        QCOMPARE(part<RunTimeLabel>(*panel)->text(),
                 "interrupted after " + formatDuration(goneSeconds));
    }

    void followsARunWrittenElsewhere()
    {
        const QString run = m_tmp.filePath("synced/run-gpu");
        QVERIFY(QDir().mkpath(run));
        TrainConfig config = tinyConfig();
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
        auto panel = makePanel(m_dataset, m_workspace);
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
        QVERIFY(writeFile(run + "/config.yaml", trainConfigToYaml(tinyConfig())));
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
        auto panel = makePanel(m_dataset, m_workspace);
        panel->showRun(run);
        QCOMPARE(part<TrainingCurves>(*panel)->batchPointCount(), 8);
        QCOMPARE(part<TrainingCurves>(*panel)->lrPointCount(), points);
    }

    // While another job of the app trains, Start queues; Stop takes the queued start back, and
    // it does not run when the other job ends.
    void stopCancelsAQueuedStart()
    {
        CoreSharing cores;
        QObject finder;
        bool finderTrains = true;
        cores.addJob(&finder,
                     [&] { return finderTrains ? QStringLiteral("the finder") : QString(); });
        cores.setAnswer(CoreSharing::Choice::Queue);
        auto panel = makePanel(m_dataset, m_workspace);
        panel->setCoreSharing(&cores);
        panel->editor()->setConfig(tinyConfig());
        QVERIFY(panel->startTraining());
        QVERIFY(!panel->isTraining());
        QVERIFY(cores.isQueued(panel.get()));
        QCOMPARE(panel->shownRunText(), "Queued: starts when the finder is done");
        QTest::mouseClick(part<QPushButton>(*panel, "stopTraining"), Qt::LeftButton);
        QVERIFY(!cores.isQueued(panel.get()));
        QCOMPARE(panel->shownRunText(), "The queued start was cancelled");
        QVERIFY(part<QPushButton>(*panel, "startTraining")->isEnabled());
        finderTrains = false;
        cores.jobEnded();
        QTest::qWait(50);
        QVERIFY(!panel->isTraining());
        // Queued again and not cancelled: the finder's end starts it.
        finderTrains = true;
        QVERIFY(panel->startTraining());
        finderTrains = false;
        cores.jobEnded();
        QTRY_VERIFY(panel->isTraining());
        panel->stopAndWait();
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

QTEST_MAIN(TestTrainingPanel)
#include "tst_trainingpanel.moc"
