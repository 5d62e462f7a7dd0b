// The Training tab's distributed runs: with Processes at 2, Start hands the run to
// masklab-cli train --nproc 2, the tab follows the folder rank 0 writes (curves, the device
// line with the ranks and the backend), and Stop ends every rank after the same batch.

#include "configeditor.h"
#include "runrecord.h"
#include "testsupport.h"
#include "trainingcurves.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestTrainingRanks : public QObject
{
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase()
    {
        qputenv("MASKLAB_CLI", MASKLAB_CLI_PATH);
        QVERIFY(makeSynthDataset(m_tmp.filePath("ds"), 12, 0, 0, false, 96, 128));
    }

    void twoProcessesTrainFollowedAndStopped()
    {
        TrainingPanel panel;
        panel.resize(1300, 800);
        const QString workspace = m_tmp.filePath("ds.masklab");
        panel.setDataset(m_tmp.filePath("ds"), workspace);
        panel.show();
        TrainConfig config = tinyTrainConfig(m_tmp.filePath("ds"), 200);
        config.train.batchSize = 4;
        config.train.runName = QStringLiteral("ranks");
        panel.editor()->setConfig(config);
        auto *processes = panel.findChild<QSpinBox *>("trainingProcesses");
        QVERIFY(processes);
        processes->setValue(2);
        QSignalSpy finished(&panel, &TrainingPanel::trainingFinished);
        QVERIFY(panel.startTraining());
        QVERIFY(panel.isTraining());
        QVERIFY(!processes->isEnabled());
        // The curves and the device line come from the run folder, as rank 0 writes it.
        QTRY_VERIFY_WITH_TIMEOUT(part<TrainingCurves>(panel)->epochCount() >= 1, 120000);
        const auto labels = panel.findChildren<QLabel *>();
        const auto device = std::find_if(labels.begin(), labels.end(), [](QLabel *l) {
            return l->text().contains("2 ranks (gloo)");
        });
        QVERIFY(device != labels.end());
        if (qEnvironmentVariableIsSet("MASKLAB_SHOTS"))
            panel.grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/ranks.png");

        QTest::mouseClick(panel.findChild<QPushButton *>("stopTraining"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(finished.first().at(1).toBool(), true); // stopped, not failed
        QVERIFY(!panel.isTraining());
        const RunStatus status = readRunStatus(workspace + "/runs/ranks");
        QCOMPARE(status.state, RunStatus::State::Stopped);
        QCOMPARE(status.worldSize, 2);
        QVERIFY2(panel.logText().contains("stopped "), qPrintable(panel.logText()));
        QVERIFY(processes->isEnabled());
    }
};

QTEST_MAIN(TestTrainingRanks)
#include "tst_trainingranks.moc"
