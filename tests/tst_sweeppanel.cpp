// A sweep from the Runs tab, through the real masklab-cli on a tiny generated dataset: the plan
// (and a bad file's reason with its line) before anything trains, a sweep that runs to its end
// while the table follows it, and Stop sweep, after which the same file goes on.

#include "runspanel.h"
#include "runtablemodel.h"
#include "sweepjob.h"
#include "testsupport.h"

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestSweepPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dataset;

    QString writeSweep(const QString &name, int epochs)
    {
        const QString path = m_tmp.filePath(name + ".yaml");
        writeFile(path, QStringLiteral("name: %1\nbase: base.yaml\nset:\n  train.epochs: %2\n"
                                       "parameters:\n  optimizer.lr: [0.001, 0.01]\n"
                                       "early_stop:\n  rungs: [1]\n  keep: 0.5\n")
                            .arg(name)
                            .arg(epochs)
                            .toUtf8());
        return path;
    }

private slots:
    void initTestCase()
    {
        qputenv("MASKLAB_CLI", MASKLAB_CLI_PATH);
        m_dataset = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_dataset, 24, 0, 0, false, 96, 128));
        QVERIFY(writeFile(m_tmp.filePath("base.yaml"),
                          trainConfigToYaml(tinyTrainConfig(m_dataset, 2))));
    }

    void thePlanComesFirstAndABadFileIsNamed()
    {
        QString plan, error;
        QVERIFY2(SweepJob::plan(writeSweep("g", 2), &plan, &error), qPrintable(error));
        QVERIFY2(plan.startsWith("sweep g: 2 points (grid)") &&
                     plan.endsWith("3 epochs of training at most, with early stopping (4 "
                                   "without)"),
                 qPrintable(plan));
        const QString bad = m_tmp.filePath("bad.yaml");
        QVERIFY(writeFile(bad, "parameters:\n  optimizer.lr: [0.01, fast]\n"));
        QVERIFY(!SweepJob::plan(bad, &plan, &error));
        QVERIFY2(error.contains("bad.yaml: line 2: optimizer.lr: \"fast\" is not a number"),
                 qPrintable(error));
    }

    void aSweepRunsToItsEndAndTheTableFollows()
    {
        RunsPanel panel;
        panel.setWorkspace(m_dataset + ".masklab");
        panel.show();
        QSignalSpy finished(panel.sweepJob(), &SweepJob::finished);
        QString error;
        QVERIFY2(panel.startSweep(writeSweep("g", 2), &error), qPrintable(error));
        QVERIFY(panel.isSweeping());
        QVERIFY(!panel.findChild<QPushButton *>("runSweep")->isEnabled());
        QVERIFY(finished.wait(240000));
        QCOMPARE(finished.front()[0].toBool(), true);  // ok
        QCOMPARE(finished.front()[1].toBool(), false); // not stopped
        QVERIFY2(panel.sweepStatusText().startsWith("Sweep finished"),
                 qPrintable(panel.sweepStatusText()));
        QComboBox *sweeps = panel.sweepChooser();
        const int g = sweeps->findData("g");
        QVERIFY(g > 0);
        sweeps->setCurrentIndex(g);
        emit sweeps->activated(g);
        QCOMPARE(panel.shownRows(), 2);
        const RunTableModel *model = panel.model();
        QStringList states;
        for (int row = 0; row < 2; ++row)
            states << model->index(row, model->columnOf("status")).data().toString();
        states.sort();
        QCOMPARE(states, QStringList({"finished", "stopped by the sweep"}));
    }

    void stopSweepThenTheSameFileGoesOn()
    {
        RunsPanel panel;
        panel.setWorkspace(m_dataset + ".masklab");
        panel.show();
        QSignalSpy finished(panel.sweepJob(), &SweepJob::finished);
        QSignalSpy lines(panel.sweepJob(), &SweepJob::logLine);
        const QString file = writeSweep("s", 3);
        QString error;
        QVERIFY(panel.startSweep(file, &error));
        // Stop once the first point has begun training.
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(lines.begin(), lines.end(),
                                             [](const QList<QVariant> &l) {
                                                 return l.front().toString().contains(
                                                     "training to epoch");
                                             }),
                                 60000);
        QTest::mouseClick(panel.findChild<QPushButton *>("stopSweep"), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.front()[1].toBool(), true); // stopped
        QVERIFY(panel.sweepStatusText().startsWith("Sweep stopped"));
        QVERIFY(std::any_of(lines.begin(), lines.end(), [](const QList<QVariant> &l) {
            return l.front().toString().contains("goes on from here"); // the runner stopped
        }));
        QVERIFY(panel.startSweep(file, &error));
        QVERIFY(finished.wait(240000));
        QCOMPARE(finished.back()[0].toBool(), true);
        QVERIFY2(panel.sweepStatusText().startsWith("Sweep finished"),
                 qPrintable(panel.sweepStatusText()));
    }
};

QTEST_MAIN(TestSweepPanel)
#include "tst_sweeppanel.moc"
