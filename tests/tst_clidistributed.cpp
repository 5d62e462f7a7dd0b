// masklab-cli train as a distributed run: --nproc 2 end to end with Ctrl+C and a resume on one
// process, torchrun (Debian's python3-torch) launching two ranks, two machines on loopback, and
// the errors between ranks (configs that differ, a rank started twice, different --nproc). The
// refusals before training are in tst_clilaunchchecks.cpp.

#include "clirun.h"
#include "distributedsetup.h"
#include "runrecord.h"
#include "testsupport.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>
#include <vector>

using namespace masklab;
using masklab::test::CliRun;
using masklab::test::rankEnvironment;
using masklab::test::readFile;
using masklab::test::runCli;
using masklab::test::writeFile;

class TestCliDistributed : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_dataset;
    QString m_config;

    struct MachineRun
    {
        int exitCode = -1;
        QString err;
    };

    // One launcher per {--nproc, --node-rank} of a two-machine run on loopback (10 s timeout),
    // with extra train options. The last one (machine 0) starts once the others' ranks are up
    // and waiting for it, so none of them can arrive after the run is over. Waits for them all;
    // their stderr is in the result.
    std::vector<MachineRun> runMachines(const std::vector<std::pair<QString, QString>> &machines,
                                        const QStringList &extra = {})
    {
        const QString port = QString::number(freeRendezvousPort());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("MASKLAB_DIST_TIMEOUT", "10");
        const auto log = [&](size_t machine) {
            return m_tmp.filePath(QString("machines-%1-%2.err").arg(port).arg(machine));
        };
        std::vector<std::unique_ptr<QProcess>> processes;
        for (const auto &[nproc, node] : machines) {
            if (processes.size() + 1 == machines.size())
                QThread::sleep(3); // the others' ranks load and retry the rendezvous
            auto process = std::make_unique<QProcess>();
            process->setProcessEnvironment(env);
            // A file, not a pipe: a pipe nobody reads while another machine is waited for would
            // fill with c10d's retry messages and block that machine's ranks in the rendezvous.
            process->setStandardErrorFile(log(processes.size()));
            process->setStandardOutputFile(QProcess::nullDevice());
            process->start(MASKLAB_CLI_PATH,
                           QStringList{"train", "--config", m_config, "--set",
                                       "data.dataset=" + m_dataset, "--run",
                                       m_tmp.filePath("machines-" + port), "--nnodes", "2",
                                       "--master-addr", "127.0.0.1", "--master-port", port,
                                       "--nproc", nproc, "--node-rank", node} +
                               extra);
            processes.push_back(std::move(process));
        }
        std::vector<MachineRun> runs;
        for (size_t i = 0; i < processes.size(); ++i) {
            QProcess &process = *processes[i];
            if (process.state() != QProcess::NotRunning)
                process.waitForFinished(90000);
            runs.push_back({process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                            QString::fromUtf8(readFile(log(i)))});
        }
        return runs;
    }

private slots:
    void initTestCase()
    {
        m_dataset = m_tmp.filePath("set");
        QVERIFY(test::makeSynthDataset(m_dataset, 12, 0, 0, false, 96, 128));
        m_config = m_tmp.filePath("tiny.yaml");
        QVERIFY(writeFile(m_config, "data: {input_width: 36, input_height: 48, crop: []}\n"
                                    "model: {architecture: small_cnn, width: 8}\n"
                                    "train: {epochs: 4, batch_size: 4, threads: 1, workers: 1}\n"));
    }

    // Two ranks, Ctrl+C to the launcher, then the same run resumed by one process.
    void nprocStopsEveryRankAndResumesOnOne()
    {
        const QString run = m_tmp.filePath("nproc-run");
        QProcess process;
        // Every rank waits before its 3rd batch until it is stopped: a Ctrl+C sent on seeing
        // "batch 3/" raced the epoch's end on a busy machine.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("MASKLAB_INJECT_FAULT", "train-batch:hold@3");
        process.setProcessEnvironment(environment);
        process.start(MASKLAB_CLI_PATH,
                      {"train", "--config", m_config, "--set", "data.dataset=" + m_dataset, "--set",
                       "train.threads=0", "--run", run, "--nproc", "2"});
        QString err;
        while (!err.contains("held at train-batch") && process.waitForReadyRead(60000))
            err += QString::fromUtf8(process.readAllStandardError());
        ::kill(pid_t(process.processId()), SIGINT); // the launcher's, as the GUI's Stop sends
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        err += QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains("batch 3/7"), qPrintable(err)); // a rank's share: 7 batches of 4
        const QString stopped = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(stopped.contains("stopped in epoch 1 after batch 3;"), qPrintable(stopped));
        QVERIFY2(stopped.contains("2 ranks (gloo)"), qPrintable(stopped));
        // train.threads: 0 shares the cores between the ranks
        const int threads = std::max(1, QThread::idealThreadCount() / 2);
        QVERIFY2(
            stopped.contains(
                QString("CPU, %1 thread%2 per rank").arg(threads).arg(threads == 1 ? "" : "s")),
            qPrintable(stopped));
        const RunStatus status = readRunStatus(run);
        QCOMPARE(status.state, RunStatus::State::Stopped);
        QCOMPARE(status.worldSize, 2);
        QCOMPARE(status.backend, QString("gloo"));

        const CliRun resumed = runCli({"train", "--resume", run});
        QCOMPARE(resumed.exitCode, 0);
        QVERIFY2(resumed.out.contains("finished after 4 epochs"), qPrintable(resumed.all()));
        QVERIFY2(resumed.err.contains("with 2 ranks; now 1 rank)"), qPrintable(resumed.err));
        QCOMPARE(readFile(run + "/metrics.csv").count('\n'), 5); // header + 4 epochs
        QCOMPARE(readRunStatus(run).worldSize, 1);
    }

    // The other way: one process stopped mid-epoch, resumed by two ranks.
    void oneProcessStopsAndTwoRanksResume()
    {
        const QString run = m_tmp.filePath("one-then-two");
        QProcess process;
        // Ctrl+C at batch 5 of 14 exactly: a kill sent on seeing "batch 5/" raced the epoch's
        // end on a busy machine (the run then stopped after epoch 1, not within it).
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("MASKLAB_INJECT_FAULT", "train-batch:sigint@5");
        process.setProcessEnvironment(environment);
        process.start(MASKLAB_CLI_PATH, {"train", "--config", m_config, "--set",
                                         "data.dataset=" + m_dataset, "--run", run});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QString stopped = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(stopped.contains("stopped in epoch 1 after batch 5;"), qPrintable(stopped));

        const CliRun resumed = runCli({"train", "--resume", run, "--nproc", "2"});
        QCOMPARE(resumed.exitCode, 0);
        QVERIFY2(resumed.out.contains("finished after 4 epochs"), qPrintable(resumed.all()));
        // Two ranks train twice the photos per step: half the steps are done.
        const int batch = stopped.section("after batch ", 1).section(';', 0, 0).toInt();
        QVERIFY2(batch >= 1, qPrintable(stopped));
        const QString note = QString("after batch %1 (stopped after batch %2 with 1 rank; now 2 "
                                     "ranks)")
                                 .arg(batch / 2)
                                 .arg(batch);
        QVERIFY2(resumed.err.contains(note), qPrintable(resumed.err + "\nexpected: " + note));
        QCOMPARE(readFile(run + "/metrics.csv").count('\n'), 5); // header + 4 epochs
        QCOMPARE(readRunStatus(run).worldSize, 2);
    }

    // --nproc 1 with a backend named: one rank in a process group of its own (how a machine
    // with one GPU tries NCCL); without one, the same command trains in-process.
    void aNamedBackendPutsOneRankInAGroup()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("MASKLAB_DIST_BACKEND", "gloo");
        const QString run = m_tmp.filePath("group-of-one");
        const QString dataset = "data.dataset=" + m_dataset;
        const QStringList command{"train", "--config",       m_config,  "--set", dataset,
                                  "--set", "train.epochs=1", "--nproc", "1"};
        const CliRun grouped = runCli(command + QStringList{"--run", run}, 120000, env);
        QVERIFY2(grouped.exitCode == 0, qPrintable(grouped.all()));
        QVERIFY2(grouped.out.contains("per rank, 1 rank (gloo)"), qPrintable(grouped.out));
        QCOMPARE(readRunStatus(run).backend, QString("gloo"));
        QCOMPARE(readRunStatus(run).worldSize, 1);

        const CliRun alone = runCli(command + QStringList{"--run", run + "-alone"});
        QVERIFY2(alone.exitCode == 0, qPrintable(alone.all()));
        QVERIFY2(!alone.out.contains("rank"), qPrintable(alone.out));
        QVERIFY(readRunStatus(run + "-alone").backend.isEmpty());
    }

    // Photos whose pixels do not decode are met by whichever rank draws them; rank 0 lists all.
    void everyRanksUndecodablePhotosAreListed()
    {
        const QString dataset = m_tmp.filePath("wrecked-set");
        QVERIFY(test::makeSynthDataset(dataset, 12, 0, 0, false, 96, 128));
        const QStringList persons = QDir(dataset + "/train/images")
                                        .entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (int i = 0; i < 6; ++i) {
            const QString photo = dataset + "/train/images/" + persons[i] + "/normal";
            QVERIFY(QFile::remove(photo + ".jpg"));
            QVERIFY(writeFile(photo + ".png", test::wreckedPng(96, 128)));
        }
        // One process and two ranks list the same photos (those in training and validation).
        QStringList lists;
        for (const QString nproc : {"1", "2"}) {
            const QString run = m_tmp.filePath("wrecked-run-" + nproc);
            const CliRun trained =
                runCli({"train", "--config", m_config, "--set", "data.dataset=" + dataset, "--set",
                        "train.epochs=1", "--set", "data.max_skipped_photos=0.2", "--run", run,
                        "--nproc", nproc});
            QVERIFY2(trained.exitCode == 0, qPrintable(trained.all()));
            QStringList listed = QString::fromUtf8(readFile(run + "/skipped_photos.csv"))
                                     .remove(run.section('/', 0, -2))
                                     .split('\n', Qt::SkipEmptyParts);
            listed.sort();
            lists << listed.join('\n');
            QCOMPARE(readRunStatus(run).skippedPhotos, listed.size() - 1); // the header
        }
        QVERIFY2(lists[0].count("normal.png,does not decode") >= 4, qPrintable(lists[0]));
        QCOMPARE(lists[1], lists[0]);
    }

    void torchrunStartsTwoRanks()
    {
        const QString torchrun = QStandardPaths::findExecutable("torchrun", {"/usr/bin"});
        if (torchrun.isEmpty())
            QSKIP("torchrun (Debian's python3-torch) is not installed");
        const QString run = m_tmp.filePath("torchrun-run");
        QProcess process;
        // torch 1.13's torchrun on Python 3.11 fails on its own default --redirects/--tee (0):
        // its Std enum no longer lists 0, so they are given as 1 (stdout into the log and here).
        process.start(torchrun,
                      {"--standalone", "--nproc_per_node", "2", "--redirects", "1", "--tee", "1",
                       "--no_python", MASKLAB_CLI_PATH, "train", "--config", m_config, "--set",
                       "data.dataset=" + m_dataset, "--set", "train.epochs=2", "--run", run});
        QVERIFY(process.waitForFinished(240000));
        const QString all =
            QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
        QVERIFY2(process.exitCode() == 0, qPrintable(all));
        QVERIFY2(all.contains("finished after 2 epochs"), qPrintable(all));
        const RunStatus status = readRunStatus(run);
        QCOMPARE(status.state, RunStatus::State::Finished);
        QCOMPARE(status.worldSize, 2);
        QCOMPARE(readFile(run + "/metrics.csv").count('\n'), 3);
        QVERIFY(QFile::exists(run + "/best.pt"));
    }

    // Newer torchrun hosts the store itself and says so (TORCHELASTIC_USE_AGENT_STORE=True):
    // rank 0 then connects to it like the others, here to one that python3-torch hosts.
    void aStoreTheLauncherHostsIsUsed()
    {
        const QString python = QStandardPaths::findExecutable("python3", {"/usr/bin"});
        if (python.isEmpty())
            QSKIP("Debian's python3 (with python3-torch) is not installed");
        const int port = freeRendezvousPort();
        QProcess agent;
        agent.start(python, {"-c", QString("import sys, time, torch.distributed as d\n"
                                           "s = d.TCPStore('127.0.0.1', %1, None, True, "
                                           "wait_for_workers=False)\n"
                                           "print('ready', flush=True); time.sleep(120)")
                                       .arg(port)});
        QVERIFY(agent.waitForReadyRead(60000));
        QVERIFY(agent.readAllStandardOutput().contains("ready"));
        const QString run = m_tmp.filePath("agent-store-run");
        const QStringList arguments{
            "train", "--config",       m_config, "--set", "data.dataset=" + m_dataset,
            "--set", "train.epochs=1", "--run",  run};
        QProcess rank0;
        QProcessEnvironment env0 = rankEnvironment(0, port);
        env0.insert("TORCHELASTIC_USE_AGENT_STORE", "True");
        rank0.setProcessEnvironment(env0);
        rank0.start(MASKLAB_CLI_PATH, arguments);
        QProcessEnvironment env1 = rankEnvironment(1, port);
        env1.insert("TORCHELASTIC_USE_AGENT_STORE", "True");
        const CliRun rank1 = runCli(arguments, 120000, env1);
        QVERIFY(rank0.state() == QProcess::NotRunning || rank0.waitForFinished(60000));
        agent.kill();
        agent.waitForFinished();
        QVERIFY2(rank1.exitCode == 0, qPrintable(rank1.all()));
        QVERIFY2(rank0.exitCode() == 0, rank0.readAllStandardError().constData());
        QCOMPARE(readRunStatus(run).worldSize, 2);
    }

    void ranksWithDifferentConfigsAreRefused()
    {
        const int port = freeRendezvousPort();
        const QString run = m_tmp.filePath("mismatch-run");
        QProcess rank0;
        rank0.setProcessEnvironment(rankEnvironment(0, port));
        rank0.start(MASKLAB_CLI_PATH, {"train", "--config", m_config, "--set",
                                       "data.dataset=" + m_dataset, "--run", run});
        const CliRun rank1 =
            runCli({"train", "--config", m_config, "--set", "data.dataset=" + m_dataset, "--set",
                    "optimizer.lr=0.5", "--run", run},
                   120000, rankEnvironment(1, port));
        QVERIFY(rank0.state() == QProcess::NotRunning || rank0.waitForFinished(60000));
        QCOMPARE(rank1.exitCode, 2);
        QCOMPARE(rank0.exitCode(), 2);
        const QString rank0Err = QString::fromUtf8(rank0.readAllStandardError());
        QVERIFY2(rank0Err.contains("started with different configurations: rank 1"),
                 qPrintable(rank0Err));
        QVERIFY2(rank1.err.contains("(rank 1): the ranks were started with different"),
                 qPrintable(rank1.err));
        QVERIFY(!QFile::exists(run + "/config.yaml")); // refused before the folder was made
    }

    // Two machines of one rank each (both on loopback here), the second one started first: they
    // meet at machine 0's rank 0, which alone writes the run folder.
    void twoMachinesMeetAtRankZero()
    {
        const QString port = QString::number(freeRendezvousPort());
        const QString run = m_tmp.filePath("nodes-run");
        const QStringList command =
            QStringList{"train", "--config", m_config, "--run", run} +
            QStringList{"--set", "data.dataset=" + m_dataset, "--set", "train.threads=0"} +
            QStringList{"--nnodes", "2", "--master-addr", "127.0.0.1", "--master-port", port};
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("MASKLAB_DIST_TIMEOUT", "30");
        QProcess machine1;
        machine1.setProcessEnvironment(env);
        machine1.start(MASKLAB_CLI_PATH, command + QStringList{"--node-rank", "1"});
        QVERIFY(machine1.waitForStarted());
        const CliRun machine0 = runCli(command + QStringList{"--node-rank", "0"}, 120000, env);
        QVERIFY(machine1.state() == QProcess::NotRunning || machine1.waitForFinished(60000));
        const QString err1 = QString::fromUtf8(machine1.readAllStandardError());
        QVERIFY2(machine0.exitCode == 0, qPrintable(machine0.err));
        QVERIFY2(machine1.exitCode() == 0, qPrintable(err1));
        QVERIFY2(machine0.out.contains("2 ranks (gloo)"), qPrintable(machine0.out));
        QVERIFY2(machine0.out.contains("finished after 4 epochs"), qPrintable(machine0.out));
        // one rank per machine: train.threads 0 gives it every core (LOCAL_WORLD_SIZE is 1)
        const int cores = QThread::idealThreadCount();
        QVERIFY2(machine0.out.contains(
                     QString("CPU, %1 thread%2 per rank").arg(cores).arg(cores == 1 ? "" : "s")),
                 qPrintable(machine0.out));
        QVERIFY2(err1.contains("rank 1 of 2 on this machine (node 1 of 2), meeting rank 0 at "
                               "127.0.0.1:" +
                               port),
                 qPrintable(err1));
        const RunStatus status = readRunStatus(run);
        QCOMPARE(status.state, RunStatus::State::Finished);
        QCOMPARE(status.worldSize, 2);
    }

    // A machine started as another's --node-rank: its rank is refused by name, the run goes on
    // with the first one.
    void aRankStartedTwiceIsNamed()
    {
        const std::vector<MachineRun> runs =
            runMachines({{"1", "1"}, {"1", "1"}, {"1", "0"}}, {"--set", "train.epochs=25"});
        QVERIFY2(runs[2].exitCode == 0, qPrintable(runs[2].err.right(2000)));
        const int refused = runs[0].exitCode == 0 ? 1 : 0;
        QCOMPARE(runs[1 - refused].exitCode, 0);
        QCOMPARE(runs[refused].exitCode, 2);
        QVERIFY2(runs[refused].err.contains("two processes were started as rank 1"),
                 qPrintable(runs[refused].err));
    }

    // Machines given different --nproc: the ranks whose world differs from rank 0's say so.
    void machinesWithDifferentNprocAreNamed()
    {
        const std::vector<MachineRun> runs = runMachines({{"1", "0"}, {"2", "1"}});
        QVERIFY(runs[0].exitCode != 0); // rank 1 never comes: rank 0 gives up after the timeout
        QCOMPARE(runs[1].exitCode, 2);
        QVERIFY2(runs[1].err.contains("was started with WORLD_SIZE 4, rank 0 with 2 (every "
                                      "machine needs the same --nproc and --nnodes)"),
                 qPrintable(runs[1].err));
    }
};

QTEST_GUILESS_MAIN(TestCliDistributed)
#include "tst_clidistributed.moc"
