// The bad-input corpus's files beside the dataset (badinputs.h): workspace files, training
// configs, weights files and run folders, through every entry point they reach (check, eda,
// train, find-errors, predict, the app). Each gets a message naming the file and the reason and
// the documented exit code; nothing crashes or hangs, and neither the dataset nor the broken
// file is changed.

#include "badinputs.h"
#include "clirun.h"
#include "mainwindow.h"
#include "runlistmodel.h"
#include "testsupport.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

class TestBadFiles : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_base, m_config, m_goodRun, m_fingerprint;
    std::vector<BadInput> m_workspaceCases, m_configCases, m_weightsCases;

    QStringList trainArgs(const QString &config, const QString &run) const
    {
        return {"train", "--config", config, "--set", "data.dataset=" + m_base, "--run", run};
    }

    void addRows(const std::vector<BadInput> &cases)
    {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < cases.size(); ++i)
            QTest::newRow(qPrintable(cases[i].name)) << int(i);
    }

    // A copy of the good run with `change` applied to it.
    QString brokenRun(const QString &name, const std::function<void(const QString &)> &change)
    {
        const QString dir = m_tmp.filePath("runs/" + name);
        copyTree(m_goodRun, dir);
        change(dir);
        return dir;
    }

private slots:
    void initTestCase()
    {
        m_base = m_tmp.filePath("base");
        QVERIFY(makeSynthDataset(m_base, 12, 2, 0, false, 96, 128));
        m_fingerprint = treeFingerprint(m_base);
        m_config = m_tmp.filePath("tiny.yaml");
        QVERIFY(writeFile(m_config,
                          "data: {input_width: 36, input_height: 48, crop: []}\n"
                          "model: {architecture: small_cnn, width: 4}\n"
                          "train: {epochs: 2, batch_size: 16, threads: 1, workers: 1}\n"));
        m_goodRun = m_tmp.filePath("good-run");
        const CliRun good = runCli(trainArgs(m_config, m_goodRun));
        QVERIFY2(good.exitCode == 0, qPrintable(good.all()));
        const QString valid = m_tmp.filePath("valid.pth");
        const CliRun exported = runCli({"export-weights", "--run", m_goodRun, "--out", valid});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.all()));
        m_workspaceCases = plantWorkspaceCases(m_base, m_tmp.filePath("ws"));
        m_configCases = plantConfigCases(m_tmp.filePath("configs"));
        m_weightsCases = plantWeightsCases(valid, m_tmp.filePath("weights"));
    }

    void workspaceFiles_data() { addRows(m_workspaceCases); }

    void workspaceFiles()
    {
        QFETCH(int, index);
        const BadInput &c = m_workspaceCases[size_t(index)];
        const QByteArray file = readFile(c.file);
        const QString name = QFileInfo(c.file).fileName();
        const CliRun check = runCli({"check", c.root});
        QCOMPARE(check.exitCode, 1);
        QVERIFY2(check.out.contains("workspace-file") && check.out.contains(name) &&
                     check.out.contains(c.expected),
                 qPrintable(check.all()));
        for (const QStringList &args :
             {QStringList{"eda", c.root, "--out", c.root + "-eda"},
              QStringList{"train", "--config", m_config, "--set", "data.dataset=" + c.root, "--run",
                          c.root + "-run"}}) {
            const CliRun run = runCli(args);
            QVERIFY2(run.exitCode == 2 && run.err.contains(name) && run.err.contains(c.expected),
                     qPrintable(args.front() + ": " + run.all()));
        }
        ui::MainWindow window; // the app: relabeling off (or the defaults) with the reason
        QVERIFY(openAndWait(window, c.root));
        QVERIFY2(window.statusText().contains(name) && window.statusText().contains(c.expected),
                 qPrintable(window.statusText()));
        QCOMPARE(readFile(c.file), file); // kept as it was, for the user to repair
    }

    void configs_data() { addRows(m_configCases); }

    void configs()
    {
        QFETCH(int, index);
        const BadInput &c = m_configCases[size_t(index)];
        for (const QString command : {"train", "find-errors"}) {
            const CliRun run =
                runCli({command, "--config", c.file, "--set", "data.dataset=" + m_base});
            QVERIFY2(run.exitCode == 2 && run.err.contains(c.file) && run.err.contains(c.expected),
                     qPrintable(command + ": " + run.all()));
        }
    }

    void weights_data() { addRows(m_weightsCases); }

    void weights()
    {
        QFETCH(int, index);
        const BadInput &c = m_weightsCases[size_t(index)];
        QTemporaryDir config;
        const QString resnet = config.filePath("resnet.yaml"); // not the exported small CNN
        QVERIFY(writeFile(resnet, "data: {input_width: 36, input_height: 48, crop: []}\n"
                                  "model: {architecture: resnet18}\n"
                                  "train: {epochs: 1, batch_size: 16, threads: 1}\n"));
        const CliRun run = runCli({"train", "--config", resnet, "--set", "data.dataset=" + m_base,
                                   "--set", "model.pretrained=" + c.file});
        qInfo().noquote() << run.err.trimmed(); // for docs/robustness.md
        QVERIFY2(run.exitCode == 2 && run.err.contains(c.file) && run.err.contains(c.expected),
                 qPrintable(run.all()));
        QVERIFY(!QFile::exists(m_tmp.filePath("weights/pwned"))); // nothing was run
    }

    void runFolders_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected");
        const QString noRun = m_tmp.filePath("runs/not-a-run");
        QDir().mkpath(noRun);
        const QString eval = m_base + "/eval";
        auto predict = [&](const QString &run) {
            return QStringList{"predict", "--run", run, "--eval", eval, "--out", run + ".csv"};
        };
        QTest::newRow("predict: not a run folder")
            << predict(noRun) << 2 << "not a run folder (no config.yaml)";
        QTest::newRow("predict: no best.pt") << predict(brokenRun("no-best", [](const QString &d) {
            QFile::remove(d + "/best.pt");
        })) << 2 << "best.pt";
        QTest::newRow("predict: best.pt cut")
            << predict(brokenRun("cut-best",
                                 [](const QString &d) {
                                     writeFile(d + "/best.pt", readFile(d + "/best.pt").left(2000));
                                 }))
            << 2 << "best.pt";
        QTest::newRow("predict: metrics.jsonl cut mid-line")
            << predict(brokenRun("cut-metrics",
                                 [](const QString &d) {
                                     const QByteArray m = readFile(d + "/metrics.jsonl");
                                     writeFile(d + "/metrics.jsonl", m.left(m.size() - 40));
                                 }))
            << 0 << "wrote";
        QTest::newRow("resume: no last.pt")
            << QStringList{"train", "--resume",
                           brokenRun("no-last",
                                     [](const QString &d) { QFile::remove(d + "/last.pt"); })}
            << 2 << "has no last.pt to resume from";
        QTest::newRow("resume: last.pt cut")
            << QStringList{"train", "--resume",
                           brokenRun("cut-last",
                                     [](const QString &d) {
                                         writeFile(d + "/last.pt",
                                                   readFile(d + "/last.pt").left(3000));
                                     })}
            << 2 << "damaged, cut short or not this run's model";
        QTest::newRow("resume: config.yaml not YAML")
            << QStringList{"train", "--resume",
                           brokenRun("bad-config",
                                     [](const QString &d) {
                                         writeFile(d + "/config.yaml", "train: {epochs: [\n");
                                     })}
            << 2 << "config.yaml";
    }

    void runFolders()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        const CliRun run = runCli(arguments);
        qInfo().noquote() << run.err.trimmed();
        QVERIFY2(run.exitCode == exitCode && run.all().contains(expected), qPrintable(run.all()));
        QCOMPARE(treeFingerprint(m_base), m_fingerprint);
    }

    // The Training tab lists every run folder, broken ones included, and lives.
    void theAppListsBrokenRuns()
    {
        const QString runs = m_tmp.filePath("runs");
        QVERIFY(writeFile(runs + "/cut-metrics/status.json", "{\"state\": [\n"));
        ui::TrainingPanel panel;
        panel.setDataset(m_base, m_tmp.path());
        QVERIFY(part<ui::RunListModel>(panel)->rowCount() >= 6);
        const int row = part<ui::RunListModel>(panel)->rowOf(runs + "/cut-metrics");
        QVERIFY(row >= 0);
        QCOMPARE(part<ui::RunListModel>(panel)->run(row).epochsDone, 1); // the cut line is left out
    }
};

QTEST_MAIN(TestBadFiles)
#include "tst_badfiles.moc"
