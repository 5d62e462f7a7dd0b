// Distributed data parallelism on the loopback interface with Gloo: two ranks of
// distributedchild (the trainer's ProcessGroup, GradientAverager, shardOrder and validate())
// against one process doing the same work; how a lost rank is reported; and the setup that
// torchrun's environment describes.

#include "distributedsetup.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace masklab;

namespace {

struct RankRun
{
    int exitCode = -1; // -1: crashed or still running at the deadline
    QString err;
};

// Runs distributedchild `arguments` as `world` ranks (world 1: one process without torchrun's
// variables) and waits for all of them.
std::vector<RankRun> runRanks(const QStringList &arguments, int world, int timeoutSeconds = 60)
{
    DistributedSetup setup;
    setup.worldSize = setup.localWorldSize = world;
    setup.masterAddress = QStringLiteral("127.0.0.1");
    setup.masterPort = freeRendezvousPort();
    setup.timeoutSeconds = timeoutSeconds;
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int rank = 0; rank < world; ++rank) {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        setup.rank = setup.localRank = rank;
        if (world > 1)
            putDistributedEnvironment(setup, &env);
        process->setProcessEnvironment(env);
        process->start(QStringLiteral(MASKLAB_DISTRIBUTEDCHILD_PATH), arguments);
        processes.push_back(std::move(process));
    }
    std::vector<RankRun> runs;
    for (const auto &process : processes) {
        RankRun run;
        if (process->waitForFinished(4 * timeoutSeconds * 1000) &&
            process->exitStatus() == QProcess::NormalExit)
            run.exitCode = process->exitCode();
        process->kill();
        run.err = QString::fromUtf8(process->readAllStandardError());
        runs.push_back(run);
    }
    return runs;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::vector<float> floats(const QByteArray &bytes)
{
    std::vector<float> values(size_t(bytes.size()) / sizeof(float));
    std::memcpy(values.data(), bytes.constData(), values.size() * sizeof(float));
    return values;
}

} // namespace

class TestDistributed : public QObject
{
    Q_OBJECT

private slots:
    void twoRanksEndBitwiseEqualAndMatchOneProcess()
    {
        QTemporaryDir two, one;
        for (const RankRun &run : runRanks({"steps", two.path()}, 2))
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const RankRun single = runRanks({"steps", one.path()}, 1).front();
        QVERIFY2(single.exitCode == 0, qPrintable(single.err));
        const QByteArray rank0 = readFile(two.filePath("params-0.bin"));
        QVERIFY(rank0.size() > 1000);
        QCOMPARE(readFile(two.filePath("params-1.bin")), rank0); // bit for bit
        const std::vector<float> distributed = floats(rank0);
        const std::vector<float> alone = floats(readFile(one.filePath("params-0.bin")));
        QCOMPARE(distributed.size(), alone.size());
        float worst = 0;
        for (size_t i = 0; i < alone.size(); ++i)
            worst = std::max(worst, std::abs(distributed[i] - alone[i]));
        QVERIFY2(worst < 1e-5f, qPrintable(QString::number(worst)));
    }

    // A rank none of whose first batch decoded runs no backward; it must still take part in the
    // gradient average (with zeros) instead of packing other buckets than the rest.
    void rankWithoutPhotosInItsFirstBatchContributesZeros()
    {
        QTemporaryDir idle, busy;
        for (const RankRun &run : runRanks({"idle", idle.path()}, 2))
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        for (const RankRun &run : runRanks({"steps", busy.path()}, 2))
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QByteArray rank0 = readFile(idle.filePath("params-0.bin"));
        QVERIFY(rank0.size() > 1000);
        QCOMPARE(readFile(idle.filePath("params-1.bin")), rank0);
        QVERIFY(rank0 != readFile(busy.filePath("params-0.bin"))); // its first step was another
    }

    void shardedValidationGivesOneProcessesF1()
    {
        QTemporaryDir dir;
        const QString dataset = dir.filePath("set");
        QVERIFY(test::makeSynthDataset(dataset, 12, 0, 0, false, 96, 128));
        QDir(dir.path()).mkpath("two");
        QDir(dir.path()).mkpath("one");
        for (const RankRun &run : runRanks({"validate", dir.filePath("two"), dataset}, 2))
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const RankRun single = runRanks({"validate", dir.filePath("one"), dataset}, 1).front();
        QVERIFY2(single.exitCode == 0, qPrintable(single.err));
        const QList<QByteArray> two = readFile(dir.filePath("two/validation-0.txt")).split('\n');
        const QList<QByteArray> one = readFile(dir.filePath("one/validation-0.txt")).split('\n');
        QCOMPARE(readFile(dir.filePath("two/validation-1.txt")).split('\n'), two);
        QVERIFY(one.size() > 10); // F1 and loss, then a line per validation photo
        QCOMPARE(two.size(), one.size());
        QCOMPARE(two[0].split(' ')[0], one[0].split(' ')[0]); // the macro F1, all digits
        QVERIFY(std::abs(two[0].split(' ')[1].toDouble() - one[0].split(' ')[1].toDouble()) < 1e-5);
        for (int line = 1; line < one.size() - 1; ++line) {
            const QList<QByteArray> a = two[line].split(' '), b = one[line].split(' ');
            QCOMPARE(a[0], b[0]); // the photo
            for (int c = 1; c < b.size(); ++c)
                QVERIFY(std::abs(a[c].toDouble() - b[c].toDouble()) < 1e-5);
        }
    }

    void killedRankIsNamedWithinTheTimeout()
    {
        QTemporaryDir dir;
        QElapsedTimer clock;
        clock.start();
        const std::vector<RankRun> runs = runRanks({"die", dir.path()}, 2, 20);
        QCOMPARE(runs[1].exitCode, 3);
        QCOMPARE(runs[0].exitCode, 1);
        QVERIFY2(runs[0].err.contains("rank 1 stopped answering"), qPrintable(runs[0].err));
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
    }

    void setupFromEnvironment_data()
    {
        QTest::addColumn<QStringList>("variables");
        QTest::addColumn<int>("rank"); // -1: refused
        QTest::addColumn<int>("world");
        QTest::addColumn<QString>("error");
        const QStringList ok{"RANK=1", "WORLD_SIZE=4", "MASTER_ADDR=10.0.0.2", "MASTER_PORT=29500"};
        QTest::newRow("none") << QStringList() << 0 << 1 << "";
        QTest::newRow("world of one") << QStringList{"WORLD_SIZE=1"} << 0 << 1 << "";
        QTest::newRow("world of one, backend named") // a process group of one
            << QStringList{"RANK=0", "WORLD_SIZE=1", "MASTER_ADDR=127.0.0.1", "MASTER_PORT=29500",
                           "MASKLAB_DIST_BACKEND=gloo"}
            << 0 << 1 << "";
        QTest::newRow("world of one, backend named, no port")
            << QStringList{"RANK=0", "WORLD_SIZE=1", "MASKLAB_DIST_BACKEND=gloo"} << -1 << 0
            << "unset MASKLAB_DIST_BACKEND to train in one process";
        QTest::newRow("torchrun's") << ok << 1 << 4 << "";
        QTest::newRow("newer torchrun's store")
            << (QStringList(ok) << "TORCHELASTIC_USE_AGENT_STORE=True") << 1 << 4 << "";
        QTest::newRow("two ranks here")
            << (QStringList(ok) << "LOCAL_WORLD_SIZE=2") << 1 << 4 << "";
        QTest::newRow("rank missing")
            << QStringList{"WORLD_SIZE=2", "MASTER_ADDR=a", "MASTER_PORT=1"} << -1 << 0
            << "RANK is not set";
        QTest::newRow("rank too high") << QStringList{"RANK=4", "WORLD_SIZE=4"} << -1 << 0
                                       << "RANK=4 is not a whole number from 0 to 3";
        QTest::newRow("bad world") << QStringList{"RANK=0", "WORLD_SIZE=two"} << -1 << 0
                                   << "WORLD_SIZE=two is not a whole number";
        QTest::newRow("no address") << QStringList{"RANK=0", "WORLD_SIZE=2", "MASTER_PORT=9"} << -1
                                    << 0 << "MASTER_ADDR is not set";
        QTest::newRow("bad port") << (QStringList(ok) << "MASTER_PORT=70000") << -1 << 0
                                  << "MASTER_PORT=70000";
        QTest::newRow("bad timeout")
            << (QStringList(ok) << "MASKLAB_DIST_TIMEOUT=0") << -1 << 0 << "MASKLAB_DIST_TIMEOUT=0";
        QTest::newRow("gloo asked for")
            << (QStringList(ok) << "MASKLAB_DIST_BACKEND=gloo") << 1 << 4 << "";
        QTest::newRow("unknown backend") << (QStringList(ok) << "MASKLAB_DIST_BACKEND=mpi") << -1
                                         << 0 << "MASKLAB_DIST_BACKEND=mpi: the backends are";
    }

    void backendChoice_data()
    {
        QTest::addColumn<QString>("requested");
        QTest::addColumn<bool>("onGpu");
        QTest::addColumn<bool>("ncclBuilt");
        QTest::addColumn<QString>("chosen"); // empty: refused
        QTest::addColumn<QString>("error");
        QTest::newRow("CPU") << "" << false << true << "gloo"
                             << "";
        QTest::newRow("GPUs") << "" << true << true << "nccl"
                              << "";
        QTest::newRow("GPUs, CPU LibTorch") << "" << true << false << "gloo"
                                            << "";
        QTest::newRow("gloo on GPUs") << "gloo" << true << true << "gloo"
                                      << "";
        QTest::newRow("nccl on GPUs") << "nccl" << true << true << "nccl"
                                      << "";
        QTest::newRow("nccl, CPU LibTorch") << "nccl" << true << false << ""
                                            << "LibTorch without NCCL";
        QTest::newRow("nccl on the CPU") << "nccl" << false << true << ""
                                         << "trains on the CPU";
    }

    void backendChoice()
    {
        QFETCH(QString, requested);
        QFETCH(bool, onGpu);
        QFETCH(bool, ncclBuilt);
        QFETCH(QString, chosen);
        QFETCH(QString, error);
        QString why;
        QCOMPARE(chooseBackend(requested, onGpu, ncclBuilt, &why), chosen);
        QVERIFY2(error.isEmpty() ? why.isEmpty() : why.contains(error), qPrintable(why));
    }

    void setupFromEnvironment()
    {
        QFETCH(QStringList, variables);
        QFETCH(int, rank);
        QFETCH(int, world);
        QFETCH(QString, error);
        QProcessEnvironment env;
        for (const QString &v : variables)
            env.insert(v.section('=', 0, 0), v.section('=', 1));
        QString why;
        const auto setup = distributedSetupFromEnvironment(env, &why);
        QCOMPARE(setup.has_value(), rank >= 0);
        QVERIFY2(why.contains(error), qPrintable(why));
        if (!setup)
            return;
        QCOMPARE(setup->rank, rank);
        QCOMPARE(setup->worldSize, world);
        QCOMPARE(setup->active(), world > 1 || variables.contains("MASKLAB_DIST_BACKEND=gloo"));
        QCOMPARE(setup->localWorldSize, variables.contains("LOCAL_WORLD_SIZE=2") ? 2 : 1);
        QCOMPARE(setup->launcherHostsStore,
                 variables.contains("TORCHELASTIC_USE_AGENT_STORE=True"));
    }

    // As torch.utils.data.DistributedSampler(shuffle=False) over the order, and without padding
    // for validation.
    void shardOrderIsDistributedSamplers_data()
    {
        QTest::addColumn<int>("world");
        QTest::addColumn<bool>("pad");
        QTest::addColumn<QList<QList<int>>>("shares");
        QTest::newRow("2 padded") << 2 << true << QList<QList<int>>{{5, 9, 7}, {3, 1, 5}};
        QTest::newRow("2 unpadded") << 2 << false << QList<QList<int>>{{5, 9, 7}, {3, 1}};
        QTest::newRow("8 padded, more than once")
            << 8 << true << QList<QList<int>>{{5}, {3}, {9}, {1}, {7}, {5}, {3}, {9}};
        QTest::newRow("1") << 1 << true << QList<QList<int>>{{5, 3, 9, 1, 7}};
    }

    void shardOrderIsDistributedSamplers()
    {
        QFETCH(int, world);
        QFETCH(bool, pad);
        QFETCH(QList<QList<int>>, shares);
        const std::vector<int> order{5, 3, 9, 1, 7};
        for (int rank = 0; rank < world; ++rank) {
            const std::vector<int> share = shardOrder(order, rank, world, pad);
            QCOMPARE(QList<int>(share.begin(), share.end()), shares[rank]);
        }
    }

    void midEpochStopMovesToAnotherWorld()
    {
        QCOMPARE(batchesDoneForWorld(6, 2, 4), 3); // 6 steps x 2 ranks = 3 steps x 4 ranks
        QCOMPARE(batchesDoneForWorld(3, 4, 2), 6);
        QCOMPARE(batchesDoneForWorld(5, 2, 4), 2); // step 2 holds the first untrained sample
        QCOMPARE(batchesDoneForWorld(7, 1, 1), 7);
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "tst_distributed.moc"
