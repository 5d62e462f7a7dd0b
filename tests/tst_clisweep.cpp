// masklab-cli sweep end to end on a tiny generated dataset: the plan, a 4-point grid with one
// rung trained two at a time in child processes, the same command again training nothing, a
// bad sweep file refused before anything is written; and train --until-epoch, whose resume
// equals the uninterrupted run.

#include "clirun.h"
#include "runrecord.h"
#include "sweeprunner.h"
#include "testsupport.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

class TestCliSweep : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dataset;
    QString m_base;

    QString writeSweep(const QString &name, const QByteArray &yaml)
    {
        const QString path = m_tmp.filePath(name + ".yaml");
        writeFile(path, yaml);
        return path;
    }

private slots:
    void initTestCase()
    {
        m_dataset = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_dataset, 24, 0, 0, false, 96, 128));
        m_base = m_tmp.filePath("base.yaml");
        QVERIFY(writeFile(m_base, trainConfigToYaml(tinyTrainConfig(m_dataset, 2))));
    }

    void untilEpochThenResumeEqualsTheWholeRun()
    {
        const QString whole = m_tmp.filePath("whole"), parts = m_tmp.filePath("parts");
        CliRun run = runCli({"train", "--config", m_base, "--run", whole});
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        run = runCli({"train", "--config", m_base, "--run", parts, "--until-epoch", "1"});
        QVERIFY2(run.exitCode == 0 && run.out.contains("stopped after 1 epochs"),
                 qPrintable(run.all()));
        QCOMPARE(readRunHistory(parts).size(), size_t(1));
        QCOMPARE(readRunStatus(parts).state, RunStatus::State::Stopped);
        run = runCli({"train", "--resume", parts});
        QVERIFY2(run.exitCode == 0 && run.out.contains("finished after 2 epochs"),
                 qPrintable(run.all()));
        const std::vector<EpochMetrics> a = readRunHistory(whole), b = readRunHistory(parts);
        QCOMPARE(b.size(), size_t(2));
        for (size_t e = 0; e < 2; ++e) { // stopped at the epoch's end: no batch trained twice
            QCOMPARE(b[e].trainLoss, a[e].trainLoss);
            QCOMPARE(b[e].validationLoss, a[e].validationLoss);
            QCOMPARE(b[e].macroF1, a[e].macroF1);
        }
        run = runCli({"train", "--resume", parts, "--until-epoch", "1"}); // there already
        QVERIFY2(run.exitCode == 0 && run.out.contains("has 2 epochs already") &&
                     readRunHistory(parts).size() == 2,
                 qPrintable(run.all()));
        run = runCli({"train", "--config", m_base, "--until-epoch", "0"});
        QVERIFY2(run.exitCode == 2 && run.err.contains("--until-epoch: \"0\" is not an epoch"),
                 qPrintable(run.all()));
    }

    void aGridWithOneRungTrainsTheBestHalfToTheEnd()
    {
        const QString sweep = writeSweep("grid", "name: t\nbase: base.yaml\nparameters:\n"
                                                 "  optimizer.lr: {low: 0.001, high: 0.03, "
                                                 "count: 4, log: true}\n"
                                                 "early_stop:\n  rungs: [1]\n  keep: 0.5\n");
        CliRun run = runCli({"sweep", "--sweep", sweep, "--plan"});
        QVERIFY2(run.exitCode == 0 && run.out.contains("t-004  optimizer.lr=0.03") &&
                     run.out.contains("6 epochs of training at most, with early stopping (8 "
                                      "without)"),
                 qPrintable(run.all()));
        QVERIFY(!QFileInfo::exists(m_dataset + ".masklab/sweeps"));
        run = runCli({"sweep", "--sweep", sweep, "--parallel", "2"}, 600000);
        QVERIFY2(run.exitCode == 0 && run.out.contains("rung at epoch 1: 2 of 4 go on") &&
                     run.out.contains("best: t-00"),
                 qPrintable(run.all()));
        QString error;
        const auto states = readSweepState(m_dataset + ".masklab/sweeps/t", &error);
        QVERIFY2(states, qPrintable(error));
        int finished = 0, stopped = 0;
        for (const SweepPointState &s : *states) {
            const QString dir = m_dataset + ".masklab/runs/" + s.run;
            QCOMPARE(int(readRunHistory(dir).size()), s.epochsDone);
            finished += s.state == SweepPointState::State::Finished && s.epochsDone == 2;
            stopped += s.state == SweepPointState::State::StoppedBySweep && s.epochsDone == 1;
            QVERIFY(QFileInfo::exists(m_dataset + ".masklab/sweeps/t/" + s.run + ".log"));
        }
        QCOMPARE(finished, 2);
        QCOMPARE(stopped, 2);
        // The runs side by side: the key that differs is a column, the equal ones are not.
        run = runCli({"runs", m_dataset, "--sweep", "t"});
        QVERIFY2(run.exitCode == 0 && run.out.count("stopped by the sweep") == 2 &&
                     run.out.section('\n', 0, 0).endsWith("optimizer.lr") &&
                     !run.out.contains("model.width"),
                 qPrintable(run.all()));
        const QString csv = m_tmp.filePath("runs.csv");
        run = runCli({"runs", "--workspace", m_dataset + ".masklab", "--csv", csv});
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        const QList<QByteArray> lines = readFile(csv).trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 4);
        QCOMPARE(lines[0], "run,status,epochs,best_f1,best_epoch,last_f1,mask_f1,gender_f1,age_f1,"
                           "seconds,optimizer.lr");
        QVERIFY2(lines[4].startsWith("t-004,stopped,1/2,") ||
                     lines[4].startsWith("t-004,finished,2/2,"),
                 lines[4].constData());
        QVERIFY(lines[4].endsWith(",0.03"));
        // The same command again: everything is done, nothing trains.
        run = runCli({"sweep", "--sweep", sweep});
        QVERIFY2(run.exitCode == 0 && !run.out.contains("training to epoch") &&
                     run.out.contains("best: t-00"),
                 qPrintable(run.all()));
        // Two runs side by side: the one key they differ in.
        const QString runs = m_dataset + ".masklab/runs/";
        run = runCli({"runs", "--diff", runs + "t-001", runs + "t-004"});
        QVERIFY2(run.exitCode == 0 && run.out.contains("1 config keys differ:") &&
                     run.out.contains(QRegularExpression("optimizer.lr +0.001 -> 0.03")),
                 qPrintable(run.all()));
        run = runCli({"runs", "--diff", runs + "t-001", m_tmp.filePath("nothing")});
        QVERIFY2(run.exitCode == 2 && run.err.contains("nothing: not a run folder"),
                 qPrintable(run.all()));
        // With runs of the base's model in the workspace, the plan says how long it should take.
        run = runCli({"sweep", "--sweep", sweep, "--plan"});
        QVERIFY2(run.exitCode == 0 &&
                     run.out.contains(QRegularExpression("with early stopping \\(8 without\\); "
                                                         "about [^(]+ at the pace of run t-00\\d "
                                                         "\\([^)]+ an epoch\\)")),
                 qPrintable(run.all()));
    }

    void aCrossValidatedSweepScoresEachPointByItsFolds()
    {
        const QString sweep = writeSweep("cv", "name: cv\nbase: base.yaml\nfolds: 2\n"
                                               "set:\n  train.epochs: 1\nparameters:\n"
                                               "  optimizer.lr: [0.001, 0.01]\n");
        CliRun run = runCli({"sweep", "--sweep", sweep, "--plan"});
        QVERIFY2(
            run.exitCode == 0 &&
                run.out.contains("2 points (grid), each cross-validated over 2 folds: 4 runs") &&
                run.out.contains("4 epochs of training"),
            qPrintable(run.all()));
        run = runCli({"sweep", "--sweep", sweep, "--parallel", "2"}, 600000);
        QVERIFY2(run.exitCode == 0 && run.out.contains("cv-002-fold2 (optimizer.lr=0.01)") &&
                     run.out.contains(QRegularExpression("best: cv-00\\d, validation macro F1 "
                                                         "0\\.\\d{4} ± 0\\.\\d{4} \\(2 folds\\)")),
                 qPrintable(run.all()));
        const QString runs = m_dataset + ".masklab/runs/";
        for (const QString fold : {"1", "2"}) {
            const auto config = readRunConfig(runs + "cv-001-fold" + fold);
            QVERIFY(config);
            QCOMPARE(config->split.folds, 2);
            QCOMPARE(config->split.fold, fold.toInt() - 1);
        }
        // Every fold is a row of the sweep's table, with its point's score.
        run = runCli({"runs", m_dataset, "--sweep", "cv"});
        QVERIFY2(run.exitCode == 0 && run.out.count("over 2 folds") == 4 &&
                     run.out.contains("cv-002-fold1"),
                 qPrintable(run.all()));
    }

    void aBadSweepFileIsRefusedBeforeAnythingIsWritten()
    {
        const QString sweep = writeSweep("bad", "base: base.yaml\nparameters:\n"
                                                "  optimizer.lr: [0.01, -1]\n");
        const CliRun run = runCli({"sweep", "--sweep", sweep});
        QVERIFY2(run.exitCode == 2 && run.err.contains("bad.yaml: line 3: optimizer.lr: -1 is out "
                                                       "of range (0, 10]"),
                 qPrintable(run.all()));
        QVERIFY(!QFileInfo::exists(m_dataset + ".masklab/sweeps/bad"));
    }
};

QTEST_GUILESS_MAIN(TestCliSweep)
#include "tst_clisweep.moc"
