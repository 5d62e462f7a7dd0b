// masklab-cli train's distributed options refused before anything trains, each with its
// reason: launcher options that do not fit together, NCCL where it cannot work, a rendezvous
// port that is taken; and --precision, which goes with --resume only.

#include "clirun.h"
#include "testsupport.h"

#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using masklab::test::CliRun;
using masklab::test::rankEnvironment;
using masklab::test::runCli;
using masklab::test::writeFile;

class TestCliLaunchChecks : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_dataset;
    QString m_config;

private slots:
    void initTestCase()
    {
        m_dataset = m_tmp.filePath("set");
        QVERIFY(test::makeSynthDataset(m_dataset, 12, 0, 0, false, 96, 128));
        m_config = m_tmp.filePath("tiny.yaml");
        QVERIFY(writeFile(m_config, trainConfigToYaml(test::tinyTrainConfig(m_dataset, 4))));
    }

    void launcherOptionsAreChecked_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<bool>("underTorchrun");
        QTest::addColumn<QString>("error");
        QTest::newRow("no processes") << QStringList{"--nproc", "0"} << false
                                      << "--nproc 0: expected a whole number from 1 to 256";
        QTest::newRow("node rank alone")
            << QStringList{"--node-rank", "1"} << false
            << "--node-rank places this machine among several: it needs --nnodes 2 or more";
        QTest::newRow("no master address")
            << QStringList{"--nnodes", "2", "--node-rank", "0"} << false
            << "--nnodes 2 needs --node-rank (this machine's place, 0 to 1) and --master-addr";
        QTest::newRow("node rank too high")
            << QStringList{"--nnodes", "2", "--node-rank", "2", "--master-addr", "h"} << false
            << "--node-rank 2: expected a whole number from 0 to 1";
        QTest::newRow("bad port") << QStringList{"--nnodes=2", "--node-rank=0", "--master-addr=h",
                                                 "--master-port=0"}
                                  << false << "--master-port 0: expected a whole number";
        QTest::newRow("launcher under torchrun")
            << QStringList{"--nproc", "2"} << true
            << "--nproc is the launcher's; under torchrun (WORLD_SIZE is set) leave it out";
    }

    void launcherOptionsAreChecked()
    {
        QFETCH(QStringList, options);
        QFETCH(bool, underTorchrun);
        QFETCH(QString, error);
        const CliRun run = runCli(
            QStringList{"train", "--config", m_config, "--set", "data.dataset=" + m_dataset} +
                options,
            30000,
            underTorchrun ? rankEnvironment(0, 1) : QProcessEnvironment::systemEnvironment());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(error), qPrintable(run.err));
        QVERIFY2(!run.err.contains("training on"), qPrintable(run.err)); // refused before
    }

    void precisionGoesWithResume()
    {
        const QString run = m_tmp.filePath("precision-run");
        CliRun cli = runCli({"train", "--config", m_config, "--precision", "fp32"});
        QCOMPARE(cli.exitCode, 2);
        QVERIFY2(cli.err.contains("--precision goes with --resume; a new run takes --set "
                                  "train.precision=P"),
                 qPrintable(cli.err));
        cli = runCli({"train", "--config", m_config, "--run", run, "--until-epoch", "1", "--set",
                      "train.precision=bf16"});
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        cli = runCli({"train", "--resume", run, "--precision", "half"});
        QCOMPARE(cli.exitCode, 2);
        QVERIFY2(cli.err.contains("--precision: ") && cli.err.contains("half"),
                 qPrintable(cli.err));
        cli = runCli({"train", "--resume", run, "--precision", "fp32", "--until-epoch", "2"});
        QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
        QVERIFY2(cli.out.contains("training on CPU, 1 thread, fp32"), qPrintable(cli.out));
        QVERIFY2(cli.err.contains("in fp32 now (config.yaml says bf16)"), qPrintable(cli.err));
    }

    // NCCL asked for where it cannot work (a CPU LibTorch here; the CPU device on a CUDA build):
    // every rank says why before anything is written, and the launcher fails.
    void ncclWhereItCannotWorkIsRefused()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("MASKLAB_DIST_BACKEND", "nccl");
        env.insert("MASKLAB_DIST_TIMEOUT", "20");
        const QString run = m_tmp.filePath("nccl-run");
        const CliRun cli =
            runCli({"train", "--config", m_config, "--set", "data.dataset=" + m_dataset, "--set",
                    "train.device=cpu", "--nproc", "2", "--run", run},
                   120000, env);
        QVERIFY2(cli.exitCode != 0, qPrintable(cli.out));
        QVERIFY2(cli.err.contains("MASKLAB_DIST_BACKEND=nccl, but") && cli.err.contains("use gloo"),
                 qPrintable(cli.err));
        QVERIFY(!QFile::exists(run + "/config.yaml")); // refused before the folder was made
    }

    void portInUseIsSaidBeforeTraining()
    {
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::Any, 0));
        const CliRun run = runCli({"train", "--config", m_config, "--set",
                                   "data.dataset=" + m_dataset, "--run", m_tmp.filePath("port")},
                                  60000, rankEnvironment(0, holder.serverPort()));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("could not host the rendezvous") &&
                     run.err.contains("choose another MASTER_PORT"),
                 qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestCliLaunchChecks)
#include "tst_clilaunchchecks.moc"
