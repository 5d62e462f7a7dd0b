// The Training tab with real widgets, a tiny model and a tiny generated dataset: the config
// editor round-trips YAML and blocks a bad field; a run streams points into the curves; stop ends
// it within one batch (mid-epoch, kept in last.pt); resume continues from there; the confusion
// matrix leads to the browser; a failed run and a queued start. Runs already on disk:
// tst_runlist.

#include "configeditor.h"
#include "confusionview.h"
#include "coresharing.h"
#include "runlistmodel.h"
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
        auto panel = shownTrainingPanel(m_dataset, m_workspace);
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
        auto panel = shownTrainingPanel(m_dataset, m_workspace);
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
        auto panel = shownTrainingPanel(m_dataset, m_workspace);
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
        auto panel = shownTrainingPanel(m_dataset, m_workspace);
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
};

QTEST_MAIN(TestTrainingPanel)
#include "tst_trainingpanel.moc"
