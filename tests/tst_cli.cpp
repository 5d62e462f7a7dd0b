// masklab-cli as a user runs it: exit codes, messages, --json, --help, --version, and the
// headless training workflow (train, Ctrl+C, --resume, predict).

#include "clirun.h"
#include "labeloverlay.h"
#include "testsupport.h"
#include "workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <csignal>

using namespace masklab::test;

class TestCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_clean;
    QString m_broken;

private slots:
    void initTestCase()
    {
        m_clean = m_tmp.filePath("clean");
        QVERIFY(makeSynthDataset(m_clean, 4, 1, 0, false));
        m_broken = m_tmp.filePath("broken");
        QVERIFY(copyTree(m_clean, m_broken));
        const QString csv = QString::fromUtf8(readFile(m_broken + "/train/train.csv"));
        const QString folder = csv.split(u'\n')[1].split(u',').last();
        QVERIFY(QFile::remove(m_broken + "/train/images/" + folder + "/normal.jpg"));
        QVERIFY(writeFile(m_tmp.filePath("badws/overlay.yaml"), "version: 1\npersons: 5\n"));
        QVERIFY(QDir().mkpath(m_tmp.filePath("not-a-run")));
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stdoutPart");
        QTest::addColumn<QString>("stderrPart");
        QTest::newRow("no arguments") << QStringList{} << 2 << ""
                                      << "Usage: masklab-cli";
        QTest::newRow("--help") << QStringList{"--help"} << 0 << "Commands:"
                                << "";
        QTest::newRow("--version lists the libraries")
            << QStringList{"--version"} << 0 << "(GPL-3.0-or-later)\nbuilt on Qt 6."
            << "";
        QTest::newRow("--version: LibTorch") << QStringList{"--version"} << 0 << "LibTorch 1."
                                             << "";
        QTest::newRow("--version") << QStringList{"--version"} << 0 << "masklab-cli 0."
                                   << "";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << ""
                                         << "unknown command 'frobnicate'";
        QTest::newRow("check --help") << QStringList{"check", "--help"} << 0 << "--deep"
                                      << "";
        QTest::newRow("synth --help") << QStringList{"synth", "--help"} << 0 << "--label-noise"
                                      << "";
        QTest::newRow("check clean")
            << QStringList{"check", "CLEAN"} << 0 << "4 persons, 28 photos, 7 eval images; 0 errors"
            << "";
        QTest::newRow("check broken")
            << QStringList{"check", "BROKEN"} << 1 << "missing-photo  photo normal is missing"
            << "";
        QTest::newRow("check broken workspace")
            << QStringList{"check", "CLEAN", "--workspace", "BADWS"} << 1
            << "overlay.yaml  workspace-file  the relabel overlay cannot be read: line 2: persons "
               "must be a map"
            << "";
        QTest::newRow("predict without checkpoints")
            << QStringList{"predict", "--run", "NOTARUN", "--eval", "CLEAN", "--out", "OUT"} << 2
            << ""
            << "not-a-run: not a run folder (no config.yaml) nor a folder of fold runs";
        QTest::newRow("check no dataset") << QStringList{"check", "/nonexistent/x"} << 2 << ""
                                          << "/nonexistent/x: no such file or folder";
        QTest::newRow("check two paths") << QStringList{"check", "CLEAN", "BROKEN"} << 2 << ""
                                         << "expected one DATASET";
        QTest::newRow("check bad option") << QStringList{"check", "--bogus", "CLEAN"} << 2 << ""
                                          << "bogus";
        QTest::newRow("check bad threads")
            << QStringList{"check", "--threads", "x", "CLEAN"} << 2 << ""
            << "--threads";
        QTest::newRow("weights list")
            << QStringList{"weights", "list"} << 0 << "resnet18  resnet18-f37072fd.pth"
            << "";
        QTest::newRow("weights without list") << QStringList{"weights"} << 2 << ""
                                              << "expected 'list'";
        QTest::newRow("check deep clean")
            << QStringList{"check", "--deep", "CLEAN"} << 0 << "0 errors"
            << "";
        QTest::newRow("synth without persons") << QStringList{"synth", "OUT"} << 2 << ""
                                               << "--persons N is required";
        QTest::newRow("synth bad size")
            << QStringList{"synth", "OUT", "--persons", "2", "--size", "big"} << 2 << ""
            << "--size must look like 384x512";
        QTest::newRow("synth bad noise")
            << QStringList{"synth", "OUT", "--persons", "2", "--label-noise", "2"} << 2 << ""
            << "--label-noise";
        QTest::newRow("synth into a dataset")
            << QStringList{"synth", "CLEAN", "--persons", "2"} << 2 << ""
            << "not empty";
    }

    void exitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, stdoutPart);
        QFETCH(QString, stderrPart);
        arguments.replaceInStrings(QRegularExpression("^CLEAN$"), m_clean);
        arguments.replaceInStrings(QRegularExpression("^BROKEN$"), m_broken);
        arguments.replaceInStrings(QRegularExpression("^OUT$"), m_tmp.filePath("never-written"));
        arguments.replaceInStrings(QRegularExpression("^BADWS$"), m_tmp.filePath("badws"));
        arguments.replaceInStrings(QRegularExpression("^NOTARUN$"), m_tmp.filePath("not-a-run"));
        const CliRun run = runCli(arguments);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.out.contains(stdoutPart), qPrintable(run.out));
        QVERIFY2(run.err.contains(stderrPart), qPrintable(run.err));
        QVERIFY(!QFile::exists(m_tmp.filePath("never-written")));
    }

    void jsonReport()
    {
        const CliRun run = runCli({"check", "--json", m_broken});
        QCOMPARE(run.exitCode, 1);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(run.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject summary = doc.object().value("summary").toObject();
        QCOMPARE(summary.value("persons").toInt(), 4);
        QCOMPARE(summary.value("photos").toInt(), 27);
        QCOMPARE(summary.value("errors").toInt(), 1);
        const QJsonArray issues = doc.object().value("issues").toArray();
        QCOMPARE(issues.size(), 1);
        const QJsonObject issue = issues.first().toObject();
        QCOMPARE(issue.value("severity").toString(), QStringLiteral("error"));
        QCOMPARE(issue.value("kind").toString(), QStringLiteral("missing-photo"));
        QVERIFY(issue.value("path").toString().startsWith("train/images/"));
    }

    void exportsUseTheOverlay()
    {
        const QString csv = QString::fromUtf8(readFile(m_clean + "/train/train.csv"));
        const QStringList first = csv.split(u'\n')[1].split(u',');
        const QString folder = first.last();
        masklab::LabelOverlay overlay;
        overlay.set(folder, -1, masklab::EditField::Age, first[3], "60");
        overlay.set(folder, 5, masklab::EditField::Mask, "incorrect", "normal");
        overlay.set(folder, 6, masklab::EditField::Mask, "normal", "incorrect");
        const QString ws = m_tmp.filePath("clean-ws");
        QString error;
        QVERIFY(masklab::Workspace(ws, m_clean).saveOverlay(overlay, &error));

        const QString labelsOut = m_tmp.filePath("labels-out");
        const CliRun labels =
            runCli({"export-labels", m_clean, "--out", labelsOut, "--workspace", ws});
        QCOMPARE(labels.exitCode, 0);
        QVERIFY2(labels.out.contains("(4 persons)") && labels.out.contains("(3 edits)"),
                 qPrintable(labels.out));
        const QString exported = QString::fromUtf8(readFile(labelsOut + "/train.csv"));
        QVERIFY(exported.contains(
            QStringLiteral("%1,%2,%3,60,%4").arg(first[0], first[1], first[2], folder)));
        QVERIFY(readFile(labelsOut + "/edits.csv")
                    .contains(folder.toUtf8() + ",incorrect_mask,mask,incorrect,normal"));

        const QString datasetOut = m_tmp.filePath("dataset-out");
        const CliRun dataset = runCli({"export-dataset", m_clean, datasetOut, "--workspace", ws});
        QCOMPARE(dataset.exitCode, 0);
        QVERIFY2(dataset.out.contains("exported 4 persons (1 folders renamed"),
                 qPrintable(dataset.out));
        const CliRun check = runCli({"check", datasetOut});
        QCOMPARE(check.exitCode, 0);

        QVERIFY(writeFile(ws + "/overlay.yaml", "version: 1\npersons:\n  x: {age: {from: 1}}\n"));
        const CliRun broken =
            runCli({"export-labels", m_clean, "--out", labelsOut, "--workspace", ws});
        QCOMPARE(broken.exitCode, 2);
        QVERIFY2(broken.err.contains("overlay.yaml: line 3: age needs from and to"),
                 qPrintable(broken.err));
        const CliRun inside = runCli({"export-labels", m_clean, "--out", m_clean + "/x"});
        QCOMPARE(inside.exitCode, 2);
        QVERIFY(inside.err.contains("never writes"));
    }

    void edaReport()
    {
        // No display and a platform that needs one: a QApplication would abort here.
        QProcessEnvironment headless = QProcessEnvironment::systemEnvironment();
        headless.remove(QStringLiteral("DISPLAY"));
        headless.remove(QStringLiteral("WAYLAND_DISPLAY"));
        headless.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        const QString out = m_tmp.filePath("eda-out");
        const CliRun run = runCli({"eda", m_clean, "--out", out, "--deep"}, 120000, headless);
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        QVERIFY2(run.out.contains("wrote 12 chart files"), qPrintable(run.out));
        QVERIFY(run.out.contains("image statistics: train mean RGB"));
        for (const char *name : {"classes", "mask", "gender", "age_groups", "ages"}) {
            QXmlStreamReader svg(readFile(out + "/" + name + ".svg"));
            int bars = 0;
            while (!svg.atEnd())
                bars += svg.readNext() == QXmlStreamReader::StartElement &&
                                svg.name() == QLatin1String("title")
                            ? 1
                            : 0;
            QVERIFY2(!svg.hasError() && bars > 0, qPrintable(svg.errorString()));
            QVERIFY(readFile(out + "/" + name + ".csv").contains(','));
        }
        const QByteArray html = readFile(out + "/index.html");
        QVERIFY(html.contains("<a href=\"classes.svg\">"));
        QCOMPARE(html.count("<svg "), 6);
        QVERIFY(html.contains("4 persons, 28 images"));
        QVERIFY(html.contains("Image statistics"));
        const QByteArray classes = readFile(out + "/classes.csv");
        QVERIFY(classes.startsWith("class,name,count,percent\n"));
        int total = 0;
        for (const QByteArray &line : classes.split('\n').mid(1))
            total += line.isEmpty() ? 0 : line.split(',')[2].toInt();
        QCOMPARE(total, 28);
        QVERIFY(readFile(out + "/brightness_train.csv").startsWith("level,pixels\n0,"));

        const CliRun bad = runCli({"eda", m_clean});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("--out DIR"));
        const CliRun inside = runCli({"eda", m_clean, "--out", m_clean + "/eda"});
        QCOMPARE(inside.exitCode, 2);
    }

    // The CLI is for servers: it links no widgets, no Qt Gui and no chart library.
    void linksNoGuiLibraries()
    {
        QProcess readelf;
        readelf.start(QStringLiteral("readelf"), {"-d", MASKLAB_CLI_PATH});
        QVERIFY(readelf.waitForFinished());
        const QString needed = QString::fromUtf8(readelf.readAllStandardOutput());
        QVERIFY2(needed.contains("libQt6Core"), qPrintable(needed));
        for (const char *library : {"libQt6Widgets", "libQt6Gui", "QCustomPlot", "PrintSupport"})
            QVERIFY2(!needed.contains(QLatin1String(library)), library);
    }

    void synthThenCheck()
    {
        const QString out = m_tmp.filePath("made");
        const CliRun made = runCli({"synth", out, "--persons", "3", "--eval-persons", "1", "--seed",
                                    "5", "--label-noise", "0.34", "--size", "96x128"});
        QCOMPARE(made.exitCode, 0);
        QVERIFY2(made.out.contains("wrote 28 images for 3 persons"), qPrintable(made.out));
        QVERIFY(made.out.contains("1 persons with label errors"));
        QVERIFY(QFile::exists(out + "-truth/label_noise.csv"));
        const CliRun checked = runCli({"check", out});
        QCOMPARE(checked.exitCode, 0);
        QVERIFY(checked.out.contains("unexpected-size")); // 96x128 is not 384x512: info only
    }

    // train, Ctrl+C in the middle of an epoch, --resume, then predict: the headless workflow.
    void trainStopResumePredict()
    {
        const QString dataset = m_tmp.filePath("trainset");
        QVERIFY(makeSynthDataset(dataset, 12, 2, 0, false, 96, 128));
        const QString config = m_tmp.filePath("tiny.yaml");
        QVERIFY(writeFile(config, "data: {input_width: 36, input_height: 48, crop: []}\n"
                                  "model: {architecture: small_cnn, width: 8}\n"
                                  "train: {epochs: 3, batch_size: 4, threads: 1, workers: 1}\n"));
        const QString run = m_tmp.filePath("cli-run");
        QProcess process;
        process.start(QStringLiteral(MASKLAB_CLI_PATH), {"train", "--config", config, "--set",
                                                         "data.dataset=" + dataset, "--run", run});
        QString err;
        while (!err.contains("batch 3/") && process.waitForReadyRead(60000))
            err += QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains("batch 3/"), qPrintable(err));
        QVERIFY2(err.contains(" left"), qPrintable(err)); // the progress line has the time left
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit); // a clean stop, not a kill
        QCOMPARE(process.exitCode(), 0);
        // Mid-epoch as a rule; on a busy machine the signal may land after epoch 1 ended, and
        // the run then stops at that epoch's end. Either way last.pt holds the point.
        const QString stopped = QString::fromUtf8(process.readAllStandardOutput());
        const bool midEpoch = stopped.contains("stopped in epoch");
        QVERIFY2(midEpoch || stopped.contains("stopped after "), qPrintable(stopped));
        QVERIFY(QFile::exists(run + "/last.pt"));

        const CliRun resumed = runCli({"train", "--resume", run});
        QCOMPARE(resumed.exitCode, 0);
        QVERIFY2(resumed.out.contains("finished after 3 epochs"), qPrintable(resumed.out));
        QVERIFY2(!midEpoch || resumed.err.contains("continuing epoch"), qPrintable(resumed.err));
        if (!stopped.contains("stopped in epoch 1 ")) // an epoch had finished: its F1 shows at once
            QVERIFY(!resumed.err.contains("val F1 -"));
        QCOMPARE(readFile(run + "/metrics.csv").count('\n'), 4); // header + 3 epochs, none twice

        const QString submission = m_tmp.filePath("submission.csv");
        const CliRun predicted =
            runCli({"predict", "--run", run, "--eval", dataset, "--out", submission});
        QCOMPARE(predicted.exitCode, 0);
        const QList<QByteArray> rows = readFile(submission).trimmed().split('\n');
        QCOMPARE(rows.front(), QByteArray("ImageID,ans"));
        QCOMPARE(rows.size(), 1 + 14); // 2 eval persons x 7 photos, in info.csv's order
        const QList<QByteArray> info = readFile(dataset + "/eval/info.csv").trimmed().split('\n');
        for (int i = 1; i < rows.size(); ++i) {
            QCOMPARE(rows[i].split(',')[0], info[i].split(',')[0]);
            const int answer = rows[i].split(',')[1].toInt();
            QVERIFY(answer >= 0 && answer < 18);
        }

        // A library failure (injected) ends a run that began with exit 1 and the cause, and
        // the run is marked failed; a prediction that fails writes nothing.
        qputenv("MASKLAB_INJECT_FAULT", "train-batch:bad_alloc");
        const QString failedRun = m_tmp.filePath("cli-fail");
        const CliRun failed =
            runCli({"train", "--config", config, "--set", "data.dataset=" + dataset, "--run",
                    failedRun, "--set", "train.epochs=1"});
        qputenv("MASKLAB_INJECT_FAULT", "predict-batch:torch");
        const QString noSubmission = m_tmp.filePath("not-written.csv");
        const CliRun failedPredict =
            runCli({"predict", "--run", run, "--eval", dataset, "--out", noSubmission});
        qunsetenv("MASKLAB_INJECT_FAULT");
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.err.contains("the computer ran out of memory"), qPrintable(failed.err));
        QVERIFY(readFile(failedRun + "/status.json").contains("\"state\": \"failed\""));
        QCOMPARE(failedPredict.exitCode, 1);
        QVERIFY2(failedPredict.err.contains("LibTorch failed: injected fault at predict-batch"),
                 qPrintable(failedPredict.err));
        QVERIFY(!QFile::exists(noSubmission));
    }
    // predict with a folder of fold runs (an ensemble) and flip TTA, then compare-submissions.
    void ensembleThenCompare()
    {
        const QString run = m_tmp.filePath("cli-run"); // trained above
        const QString group = m_tmp.filePath("two-folds");
        QVERIFY(copyTree(run, group + "/fold-1") && copyTree(run, group + "/fold-2"));
        const QString dataset = m_tmp.filePath("trainset");
        const QString single = m_tmp.filePath("single.csv"), both = m_tmp.filePath("both.csv");
        QCOMPARE(runCli({"predict", "--run", run, "--eval", dataset, "--out", single}).exitCode, 0);
        const CliRun ensemble =
            runCli({"predict", "--run", group, "--tta", "hflip", "--eval", dataset, "--out", both});
        QVERIFY2(ensemble.exitCode == 0, qPrintable(ensemble.err));
        QVERIFY2(ensemble.out.contains("ensemble of 2 runs: two-folds/fold-1 (best) + "
                                       "two-folds/fold-2 (best), flip TTA"),
                 qPrintable(ensemble.out));
        // --workspace keeps them: the same request again runs no model and writes the same.
        const QStringList stored = {"predict",
                                    "--run",
                                    group,
                                    "--tta",
                                    "hflip",
                                    "--eval",
                                    dataset,
                                    "--out",
                                    m_tmp.filePath("again.csv"),
                                    "--workspace",
                                    m_tmp.filePath("ws")};
        QVERIFY(!runCli(stored).out.contains("no model ran"));
        QVERIFY(runCli(stored).out.contains("read the stored predictions from the workspace"));
        QCOMPARE(readFile(m_tmp.filePath("again.csv")), readFile(both));
        const CliRun compared = runCli(
            {"compare-submissions", single, both, "--changes", m_tmp.filePath("changes.csv")});
        QCOMPARE(compared.exitCode, 0);
        QVERIFY2(compared.out.contains(" of 14 answers agree ("), qPrintable(compared.out));
        QCOMPARE(readFile(m_tmp.filePath("changes.csv")).split('\n').front(), "ImageID,a,b");
        QVERIFY(runCli({"compare-submissions", single, single})
                    .out.startsWith("14 of 14 answers agree (100.00%)"));
        // Another image set: exit 1, naming the image; not a submission: exit 2, with the line.
        QList<QByteArray> rows = readFile(single).split('\n');
        const QByteArray lastId = rows[14].split(',')[0];
        rows.removeAt(14);
        QVERIFY(writeFile(m_tmp.filePath("short.csv"), rows.join('\n')));
        const CliRun other = runCli({"compare-submissions", single, m_tmp.filePath("short.csv")});
        QCOMPARE(other.exitCode, 1);
        QVERIFY2(other.err.contains("line 15: " + lastId + " is not answered in"),
                 qPrintable(other.err));
        rows[3] = rows[3].split(',')[0] + ",18";
        QVERIFY(writeFile(m_tmp.filePath("bad.csv"), rows.join('\n')));
        const CliRun bad = runCli({"compare-submissions", m_tmp.filePath("bad.csv"), single});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("bad.csv: line 4: the answer for"), qPrintable(bad.err));
        QCOMPARE(
            runCli({"predict", "--run", run, "--tta", "vflip", "--eval", dataset, "--out", both})
                .exitCode,
            2);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
