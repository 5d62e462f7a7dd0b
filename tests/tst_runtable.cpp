// Runs side by side (core's RunTable, as masklab-cli runs and the Runs tab show it): the keys
// that differ become columns, the run's own name does not, the sweep's words replace a run's
// status, and the F1 cells come from the best and the last epoch.

#include "runtable.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

class TestRunTable : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private slots:
    void theComparisonShowsOnlyTheKeysThatDiffer()
    {
        const QString ws = m_tmp.filePath("compare");
        auto makeRun = [&](const QString &name, double lr, int width, double f1) {
            TrainConfig config;
            config.optimizer.lr = lr;
            config.model.width = width;
            config.train.epochs = 2;
            config.train.runName = name; // differs, but it is the run's own column
            std::vector<EpochMetrics> epochs(2);
            for (int e = 1; e <= 2; ++e) {
                epochs[size_t(e - 1)].epoch = e;
                epochs[size_t(e - 1)].macroF1 = e == 1 ? f1 : f1 - 0.1;
                epochs[size_t(e - 1)].ageF1 = 0.5 * e;
            }
            QVERIFY(writeRunFolder(ws + "/runs/" + name, config, epochs));
        };
        makeRun("a", 0.001, 16, 0.6);
        makeRun("b", 0.003, 16, 0.7);
        makeRun("c", 0.003, 32, 0.5);
        const RunTable table = compareRuns(listRunFolders(ws), {{"b", "stopped by the sweep"}});
        QCOMPARE(table.varyingKeys, QStringList({"model.width", "optimizer.lr"}));
        QCOMPARE(table.rows.size(), size_t(3));
        const int fixed = int(RunTable::fixedColumns().size());
        QCOMPARE(table.cell(1, 0), "b");
        QCOMPARE(table.cell(1, 1), "stopped by the sweep");
        QCOMPARE(table.cell(1, 2), "2/2");
        QCOMPARE(table.cell(1, 3), "0.7000"); // best, at epoch 1
        QCOMPARE(table.cell(1, 4), "1");
        QCOMPARE(table.cell(1, 5), "0.6000"); // last
        QCOMPARE(table.cell(1, 8), "0.5000"); // the best epoch's age F1
        QCOMPARE(table.cell(2, fixed), "32");
        QCOMPARE(table.cell(2, fixed + 1), "0.003");
        QCOMPARE(table.csv().count('\n'), 4);
    }

    void twoRunsDifferInTheirOwnKeysOnly()
    {
        TrainConfig a, b;
        a.train.runName = "a";
        b.train.runName = "b"; // the name is no difference
        QVERIFY(configDifferences(a, b).empty());
        b.optimizer.lr = 0.01;
        b.model.architecture = ModelConfig::Architecture::ResNet18;
        const std::vector<ConfigDifference> d = configDifferences(a, b);
        QCOMPARE(d.size(), size_t(2));
        QCOMPARE(d[0].key, "model.architecture"); // in the file's order
        QCOMPARE(d[0].a, "small_cnn");
        QCOMPARE(d[0].b, "resnet18");
        QCOMPARE(d[1].key, "optimizer.lr");
        QCOMPARE(d[1].b, "0.01");
    }
};

QTEST_GUILESS_MAIN(TestRunTable)
#include "tst_runtable.moc"
