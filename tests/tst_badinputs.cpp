// The bad-input corpus (badinputs.h) through every entry point it reaches: masklab-cli check,
// check --deep, eda, train, predict, export-labels, and the app opening the dataset. Each input
// gets a message in MaskLab's words naming the file (and line) and the reason, the documented
// exit code (0 fine, 1 problems found or a run that failed, 2 refused), no crash, no hang, and
// the dataset stays byte-identical.

#include "badinputs.h"
#include "clirun.h"
#include "datasetscanner.h"
#include "labelsession.h"
#include "mainwindow.h"
#include "runlistmodel.h"
#include "testsupport.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

namespace {
// The findings of `check --json` (or of the app's scan) about one file: "severity: reason".
QStringList findingsAbout(const QJsonArray &issues, const QString &file, int line = 0)
{
    QStringList found;
    for (const QJsonValue &v : issues) {
        const QJsonObject issue = v.toObject();
        if (issue["path"].toString().startsWith(file) &&
            (line == 0 || issue["line"].toInt() == line))
            found << issue["severity"].toString() + ": " + issue["reason"].toString();
    }
    return found;
}

QJsonArray issuesOf(const CliRun &check)
{
    return QJsonDocument::fromJson(check.out.toUtf8()).object()["issues"].toArray();
}

QJsonArray issuesOf(const ScanResult &scan)
{
    QJsonArray issues;
    for (const ScanIssue &i : scan.issues)
        issues.append(QJsonObject{{"path", i.path},
                                  {"line", i.line},
                                  {"severity", severityName(i.severity)},
                                  {"reason", i.reason}});
    return issues;
}

bool mentions(const QStringList &findings, const QString &expected)
{
    return !findings.filter(expected).isEmpty();
}

// Findings that are not infos (a photo of an unusual size is an info).
QStringList problems(const QStringList &findings)
{
    QStringList kept;
    for (const QString &f : findings)
        if (!f.startsWith("info"))
            kept << f;
    return kept;
}
} // namespace

class TestBadInputs : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_base, m_config, m_goodRun;
    QString m_photos, m_photosFingerprint;
    std::vector<BadInput> m_photoCases;
    CliRun m_check, m_deepCheck, m_train, m_eda, m_export;
    QJsonArray m_appIssues;
    QStringList m_markedPhotos; // by the browser, from the scan's person and photo fields

    QStringList trainArgs(const QString &dataset, const QString &run) const
    {
        return {"train", "--config", m_config, "--set", "data.dataset=" + dataset, "--run", run};
    }

    // The app opens the dataset: returns its scan (null when it found none), and the photos
    // the browser marks as having a problem ("folder/mask1").
    std::shared_ptr<ScanResult> openInApp(const QString &root, QStringList *markedPhotos = nullptr)
    {
        ui::MainWindow window;
        if (!openAndWait(window, root))
            return nullptr;
        const ui::LabelSession *session = window.session();
        for (int p = 0; markedPhotos && session && p < session->labels().personCount(); ++p)
            for (int slot = 0; slot < kPhotoSlotCount; ++slot)
                if (session->photoHasProblem(p, slot))
                    *markedPhotos << session->labels().person(p).folder + "/" + photoSlotStem(slot);
        return window.scanResult() ? std::make_shared<ScanResult>(*window.scanResult()) : nullptr;
    }

    void addRows(const std::vector<BadInput> &cases)
    {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < cases.size(); ++i)
            QTest::newRow(qPrintable(cases[i].name)) << int(i);
    }

private slots:
    void initTestCase()
    {
        m_base = m_tmp.filePath("base");
        QVERIFY(makeSynthDataset(m_base, 30, 4, 0, false, 96, 128));
        m_config = m_tmp.filePath("tiny.yaml");
        QVERIFY(writeFile(m_config, "data: {input_width: 36, input_height: 48, crop: [],\n"
                                    "       max_skipped_photos: 0.5}\n"
                                    "model: {architecture: small_cnn, width: 4}\n"
                                    "train: {epochs: 1, batch_size: 32, threads: 1, workers: 1,\n"
                                    "        sampler: uniform}\n")); // every photo met once

        m_goodRun = m_tmp.filePath("good-run");
        const CliRun good = runCli(trainArgs(m_base, m_goodRun));
        QVERIFY2(good.exitCode == 0, qPrintable(good.all()));

        // The photo corpus lives in one dataset: every entry point runs once on it.
        m_photos = m_tmp.filePath("photos");
        QVERIFY(copyTree(m_base, m_photos));
        m_photoCases = plantPhotos(m_photos);
        m_photosFingerprint = treeFingerprint(m_photos);
        m_check = runCli({"check", "--json", m_photos});
        m_deepCheck = runCli({"check", "--deep", "--json", m_photos});
        m_train = runCli(trainArgs(m_photos, m_tmp.filePath("photo-run")));
        m_eda = runCli({"eda", m_photos, "--out", m_tmp.filePath("photo-eda")});
        m_export = runCli({"export-labels", m_photos, "--out", m_tmp.filePath("photo-labels")});
        const auto appScan = openInApp(m_photos, &m_markedPhotos);
        QVERIFY(appScan);
        m_appIssues = issuesOf(*appScan);
    }

    void cleanupTestCase()
    {
        // The non-UTF-8 folder name is beyond QDir: remove the tree with rm.
        QProcess::execute("rm", {"-rf", m_tmp.path()});
    }

    void photoEntryPoints()
    {
        QCOMPARE(m_check.exitCode, 1); // errors found
        QCOMPARE(m_deepCheck.exitCode, 1);
        QVERIFY2(m_train.exitCode == 0, qPrintable(m_train.all()));
        QVERIFY2(m_train.all().contains("skipped"), qPrintable(m_train.all()));
        QVERIFY2(m_eda.exitCode == 0, qPrintable(m_eda.all()));
        QVERIFY2(m_export.exitCode == 0, qPrintable(m_export.all()));
        QCOMPARE(treeFingerprint(m_photos), m_photosFingerprint);
    }

    void photos_data() { addRows(m_photoCases); }

    void photos()
    {
        QFETCH(int, index);
        const BadInput &c = m_photoCases[size_t(index)];
        const QStringList byCheck = findingsAbout(issuesOf(m_check), c.file);
        const QStringList byDeepCheck = findingsAbout(issuesOf(m_deepCheck), c.file);
        const QStringList byApp = findingsAbout(m_appIssues, c.file);
        if (c.expected.isEmpty()) {
            QVERIFY2(problems(byDeepCheck).isEmpty(), qPrintable(byDeepCheck.join('\n')));
        } else {
            QVERIFY2(mentions(byDeepCheck, c.expected), qPrintable(byDeepCheck.join('\n')));
            QCOMPARE(mentions(byCheck, c.expected), !c.deepOnly);
            QCOMPARE(mentions(byApp, c.expected), !c.deepOnly);
        }
        // The browser marks the photo the scan found a problem with (header check).
        const QStringList parts = c.file.split(u'/'); // train/images/<folder>/mask1.<ext>
        if (parts.size() == 4 && parts[3].startsWith("mask1."))
            QCOMPARE(m_markedPhotos.contains(parts[2] + "/mask1"),
                     !c.expected.isEmpty() && !c.deepOnly);
        const QString skipped =
            QString::fromUtf8(readFile(m_tmp.filePath("photo-run") + "/skipped_photos.csv"));
        QCOMPARE(skipped.contains(c.file), c.leftOutOfTraining);
    }

    void csvFiles_data() { addRows(m_csvCases = plantCsvCases(m_base, m_tmp.filePath("csv"))); }

    void csvFiles()
    {
        QFETCH(int, index);
        const BadInput &c = m_csvCases[size_t(index)];
        const QString fingerprint = treeFingerprint(c.root);
        const CliRun check = runCli({"check", "--json", c.root});
        QVERIFY2(check.exitCode == 0 || check.exitCode == 1, qPrintable(check.all()));
        const QStringList found = problems(findingsAbout(issuesOf(check), c.file, c.line));
        if (c.expected.isEmpty())
            QVERIFY2(found.isEmpty(), qPrintable(found.join('\n')));
        else
            QVERIFY2(mentions(found, c.expected), qPrintable(found.join('\n')));
        const bool errors = !problems(findingsAbout(issuesOf(check), "")).filter("error").isEmpty();
        QCOMPARE(check.exitCode, errors ? 1 : 0);

        const auto appScan = openInApp(c.root);
        QVERIFY(appScan);
        QCOMPARE(problems(findingsAbout(issuesOf(*appScan), c.file, c.line)), found);

        const CliRun eda = runCli({"eda", c.root, "--out", c.root + "-eda"});
        QVERIFY2(eda.exitCode == 0, qPrintable(eda.all()));
        const CliRun train = runCli(trainArgs(c.root, c.root + "-run"));
        QVERIFY2(train.exitCode == 0 || (train.exitCode == 2 && train.err.contains(c.file)),
                 qPrintable(train.all()));
        if (c.file.startsWith("eval/")) {
            const CliRun predict = runCli({"predict", "--run", m_goodRun, "--eval",
                                           c.root + "/eval", "--out", c.root + "-submission.csv"});
            // Refused with the line, or answered with a warning naming the image (exit 1).
            QVERIFY2(
                (predict.exitCode == 2 && predict.err.contains("info.csv: line 1")) ||
                    (predict.exitCode == 1 && predict.err.contains(c.expected + " is missing")),
                qPrintable(predict.all()));
        }
        QCOMPARE(treeFingerprint(c.root), fingerprint);
    }

private:
    std::vector<BadInput> m_csvCases;
};

QTEST_MAIN(TestBadInputs)
#include "tst_badinputs.moc"
