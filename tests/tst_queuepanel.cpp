// The Queue tab driven as a user would, with a real masklab-cli queue runner but nothing that
// trains (the queued runs name a dataset that is not there, so each fails at once): entries
// added and reordered by clicks, Start runs them in the new order and the table shows each
// failure's reason while the queue goes on; Remove; the question on reopening; and "Add to
// queue" in the Training tab.

#include "jobqueue.h"
#include "queueentrytext.h"
#include "queuepanel.h"
#include "runrecord.h"
#include "testsupport.h"
#include "windowsupport.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;
using masklab::ui::QueuePanel;

class TestQueuePanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    static QString cell(const QueuePanel &panel, int row, int column)
    {
        return panel.table()->item(row, column)->text();
    }

    static void click(const QueuePanel &panel, const QString &text)
    {
        for (QPushButton *button : panel.findChildren<QPushButton *>())
            if (button->text() == text) {
                QVERIFY2(button->isEnabled(), qPrintable(text));
                QTest::mouseClick(button, Qt::LeftButton);
                return;
            }
        QFAIL(qPrintable("no button " + text));
    }

private slots:
    void initTestCase() { qputenv("MASKLAB_CLI", MASKLAB_CLI_PATH); }

    void queuedEntriesRunInTheOrderTheUserGave()
    {
        const QString ws = m_tmp.filePath("ws");
        QueuePanel panel;
        panel.resize(1100, 500);
        panel.setWorkspace(ws, m_tmp.filePath("ds"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        TrainConfig config = tinyTrainConfig(m_tmp.filePath("no-such-dataset"), 1);
        QString error;
        for (const char *name : {"first", "second"}) {
            config.train.runName = name;
            QVERIFY2(panel.addTrain(config, &error), qPrintable(error));
        }
        QVERIFY2(panel.addPredict(2, m_tmp.filePath("sub.csv"), &error), qPrintable(error));
        QVERIFY(!panel.addTrain(config, &error)); // "second" again: one run, two entries
        QVERIFY2(panel.noteText().contains("runs/second is queued already"),
                 qPrintable(panel.noteText()));
        QVERIFY2(panel.addPredict(1, m_tmp.filePath("sub1.csv"), &error), qPrintable(error));
        QCOMPARE(panel.table()->rowCount(), 4);
        QVERIFY(!panel.removeSelected()); // nothing selected

        panel.table()->selectRow(3);
        click(panel, "Remove");
        QCOMPARE(panel.table()->rowCount(), 3);
        panel.table()->selectRow(2); // the prediction, before "second"
        click(panel, "Move up");
        QCOMPARE(cell(panel, 1, 1), QString("predict"));
        QVERIFY(cell(panel, 0, 4) == "unknown"); // no earlier run to take a pace from

        QSignalSpy finished(&panel, &QueuePanel::queueFinished);
        click(panel, "Start queue");
        QVERIFY(panel.isRunning());
        QVERIFY(finished.wait(60000));
        QVERIFY2(panel.noteText().contains("entries that failed say why"),
                 qPrintable(panel.noteText()));
        for (int row = 0; row < 3; ++row)
            QCOMPARE(cell(panel, row, 3), QString("failed"));
        QVERIFY2(cell(panel, 0, 6).contains("no-such-dataset"), qPrintable(cell(panel, 0, 6)));
        QVERIFY2(cell(panel, 1, 6).contains("no finished run yet"), qPrintable(cell(panel, 1, 6)));
        const std::optional<JobQueue> queue = readJobQueue(ws, &error);
        QVERIFY(queue);
        for (size_t i = 1; i < 3; ++i) // one after the other, in the order shown
            QVERIFY(queue->entries[i - 1].ended <= queue->entries[i].started);
    }

    void aFinishedRunSaysWhatItReached()
    {
        const QString ws = m_tmp.filePath("reached");
        EpochMetrics epoch;
        epoch.epoch = 1;
        epoch.macroF1 = 0.625;
        QVERIFY(writeRunFolder(ws + "/runs/r", TrainConfig{}, {epoch}));
        QString error;
        QVERIFY(updateJobQueue(
            ws,
            [&](JobQueue &q) {
                QueueEntry e;
                e.arguments = {"train", "--config", "c.yaml", "--run", ws + "/runs/r"};
                e.outputDir = ws + "/runs/r";
                e.state = QueueEntry::State::Done;
                q.add(e);
                e.state = QueueEntry::State::Running;
                q.add(e);
                return true;
            },
            &error));
        QueuePanel panel;
        panel.setWorkspace(ws, m_tmp.filePath("ds"));
        QCOMPARE(cell(panel, 0, 6), QString("best validation macro F1 0.625 (epoch 1)"));
        QCOMPARE(cell(panel, 1, 6), QString("epoch 1 of 20"));
    }

    void reopeningAsksOnlyWhenTheQueueWasLeftRunning()
    {
        const QString ws = m_tmp.filePath("left");
        QString error;
        QVERIFY(updateJobQueue(
            ws,
            [](JobQueue &q) {
                QueueEntry e;
                e.arguments = {"sweep", "--sweep", "s.yaml"};
                e.state = QueueEntry::State::Cancelled; // stopped when the app closed
                q.add(e);
                e.state = QueueEntry::State::Waiting;
                q.add(e);
                return true;
            },
            &error));
        QueuePanel panel;
        panel.setWorkspace(ws, m_tmp.filePath("ds"));
        QVERIFY(panel.leftRunning());
        panel.pauseAfterCurrent(); // paused on purpose: nothing to ask
        QVERIFY(!panel.leftRunning());
    }

    void closingTheWindowStopsTheQueueAndLeavesTheEntryWaiting()
    {
        const QString dataset = m_tmp.filePath("closing");
        QVERIFY(makeSynthDataset(dataset, 12, 0, 0, false, 96, 128));
        OpenedWindow o = openInWindow(dataset);
        auto *queue = part<QueuePanel>(*o.window);
        TrainConfig config = tinyTrainConfig(dataset, 200); // still training when the window closes
        config.train.runName = "long";
        QString error;
        QVERIFY2(queue->addTrain(config, &error), qPrintable(error));
        QVERIFY2(queue->startQueue(&error), qPrintable(error));
        const QString ws = dataset + ".masklab";
        QTRY_VERIFY_WITH_TIMEOUT(readRunHistory(ws + "/runs/long").size() >= 1, 60000);
        QVERIFY(o.window->close()); // not interactive: no question, the queue is stopped
        QVERIFY(!queue->isRunning());
        const std::optional<JobQueue> after = readJobQueue(ws, &error);
        QVERIFY(after && after->entries.size() == 1);
        QCOMPARE(after->entries[0].state, QueueEntry::State::Cancelled);
        QueuePanel reopened;
        reopened.setWorkspace(ws, dataset);
        QVERIFY(reopened.leftRunning()); // reopening the dataset would offer to go on
    }

    void addToQueueInTheTrainingTabHandsOverTheConfig()
    {
        const auto training = shownTrainingPanel(m_tmp.filePath("ds"), m_tmp.filePath("ws2"));
        QSignalSpy queued(training.get(), &ui::TrainingPanel::queueRequested);
        auto *button = part<QPushButton>(*training, "queueTraining");
        QVERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(queued.size(), 1);
        const auto config = queued.first().first().value<TrainConfig>();
        QCOMPARE(config.data.dataset, m_tmp.filePath("ds"));
    }

    // An entry that is not running says what it said at its end without reading its run
    // again; ended anew (run again), it is read again.
    void anEndedEntrysNoteIsReadOnce()
    {
        const QString run = m_tmp.filePath("noted/run");
        EpochMetrics epoch;
        epoch.epoch = 1;
        epoch.macroF1 = 0.5;
        QVERIFY(writeRunFolder(run, TrainConfig{}, {epoch}));
        QueueEntry e;
        e.id = 1;
        e.kind = QueueEntry::Kind::Train;
        e.state = QueueEntry::State::Done;
        e.outputDir = run;
        e.ended = QDateTime::currentDateTime();
        masklab::ui::QueueEntryText text;
        QCOMPARE(text.progress(e), QString("best validation macro F1 0.500 (epoch 1)"));
        epoch.macroF1 = 0.7;
        QVERIFY(writeRunFolder(run, TrainConfig{}, {epoch}));
        QCOMPARE(text.progress(e), QString("best validation macro F1 0.500 (epoch 1)"));
        e.ended = e.ended.addSecs(60);
        QCOMPARE(text.progress(e), QString("best validation macro F1 0.700 (epoch 1)"));
    }
};

QTEST_MAIN(TestQueuePanel)
#include "tst_queuepanel.moc"
