// The scanner on generated datasets: a clean one, the real data's quirks, the paths it accepts,
// CSV variants, deep decoding, progress and cancel. (Broken copies: tst_scanproblems.)

#include "datasetscanner.h"
#include "scanfixture.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

class TestScanner : public QObject, private ScanFixture
{
    Q_OBJECT
private slots:
    void initTestCase() { setUpBase(); }
    void cleanDatasetHasNoFindings()
    {
        const ScanResult result = scanDataset(m_base);
        QVERIFY(result.located);
        QVERIFY2(result.issues.empty(), qPrintable(describe(result)));
        QCOMPARE(int(result.dataset.persons.size()), 6);
        QCOMPARE(result.dataset.photoCount(), 42);
        QCOMPARE(int(result.dataset.evalImages.size()), 7);
        for (const Person &person : result.dataset.persons) {
            QVERIFY(person.hasFolder);
            QVERIFY(person.csvLine >= 2);
            for (const ImageInfo &photo : person.photos) {
                QCOMPARE(photo.status, ImageStatus::Ok);
                QCOMPARE(photo.width, 384);
                QCOMPARE(photo.height, 512);
            }
        }
        QCOMPARE(result.dataset.persons.front().folder, m_folders.front());
        QCOMPARE(result.dataset.evalImages.front().imageId, m_evalImage);
        QVERIFY(result.dataset.photoPath(result.dataset.persons.front(), 6)
                    .endsWith(m_folders.front() + QStringLiteral("/normal.jpg")));
    }

    void opensRootTrainOrImages_data()
    {
        QTest::addColumn<QString>("sub");
        QTest::newRow("root") << "";
        QTest::newRow("root with slash") << "/";
        QTest::newRow("train") << "/train";
        QTest::newRow("images") << "/train/images";
    }

    void opensRootTrainOrImages()
    {
        QFETCH(QString, sub);
        const ScanResult result = scanDataset(m_base + sub);
        QVERIFY2(result.located, qPrintable(result.fatalError));
        QCOMPARE(result.dataset.root, QDir(m_base).absolutePath());
        QCOMPARE(int(result.dataset.persons.size()), 6);
        QCOMPARE(int(result.dataset.evalImages.size()), 7);
    }

    void notADataset_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing") << "/nonexistent/masklab/folder"
                                 << "no such file";
        QTest::newRow("a file") << "FILE"
                                << "not a folder";
        QTest::newRow("empty folder") << "EMPTY"
                                      << "no competition dataset";
    }

    void notADataset()
    {
        QFETCH(QString, path);
        QFETCH(QString, reason);
        if (path == "FILE") {
            path = m_tmp.filePath("plain.txt");
            QVERIFY(writeFile(path, "x"));
        } else if (path == "EMPTY") {
            path = m_tmp.filePath("empty");
            QVERIFY(QDir().mkpath(path));
        }
        const ScanResult result = scanDataset(path);
        QVERIFY(!result.located);
        QVERIFY2(result.fatalError.contains(reason), qPrintable(result.fatalError));
        QVERIFY(result.fatalError.contains(path));
    }

    void theRealQuirks()
    {
        // Real ids: unpadded in the CSV, suffixed ("000600-1"), and 3397 twice with two folders.
        const QString root = freshCopy();
        const QString csv = root + "/train/train.csv";
        QStringList rows = csvLines(csv);
        const QStringList ids = {QStringLiteral("600-1"), QStringLiteral("3397"),
                                 QStringLiteral("3397")};
        QStringList folders;
        for (int i = 0; i < ids.size(); ++i) {
            QStringList fields = rows[i + 1].split(u',');
            const QString folder = formatFolderName(ids[i], *parseGender(fields[1]), fields[2],
                                                    fields[3].toInt() + (i == 2 ? 1 : 0));
            QVERIFY(QDir(root + "/train/images").rename(fields[4], folder));
            fields[0] = ids[i];
            fields[3] = QString::number(fields[3].toInt() + (i == 2 ? 1 : 0));
            fields[4] = folder;
            rows[i + 1] = fields.join(u',');
            folders << folder;
        }
        QVERIFY(writeCsvLines(csv, rows));
        QVERIFY(folders[0].startsWith("000600-1_"));
        QVERIFY(folders[1].startsWith("003397_"));
        QVERIFY(folders[2].startsWith("003397_"));
        QVERIFY(folders[1] != folders[2]);

        const ScanResult result = scanDataset(root);
        const IssueCounts counts = countIssues(result.issues);
        QCOMPARE(counts.errors, 0);
        QCOMPARE(counts.warnings, 0);
        QCOMPARE(counts.infos, 1);
        QCOMPARE(result.issues.front().kind, IssueKind::DuplicateId);
        QCOMPARE(result.issues.front().line, 4);
        for (const QString &folder : folders) {
            const Person *person = result.dataset.findPerson(folder);
            QVERIFY(person);
            QCOMPARE(person->photos[0].status, ImageStatus::Ok);
        }
        QCOMPARE(result.dataset.findPerson(folders[0])->id, QStringLiteral("600-1"));
    }

    void generatedQuirksScanWithoutErrors()
    {
        // The generator's default quirks: .png/.jpeg photos, a junk file, suffixed/shared ids.
        const QString root = m_tmp.filePath("quirky");
        QVERIFY(makeSynthDataset(root, 30, 0, 0, /*quirks=*/true));
        const ScanResult result = scanDataset(root);
        const IssueCounts counts = countIssues(result.issues);
        QVERIFY2(counts.errors == 0 && counts.warnings == 0, qPrintable(describe(result)));
        QCOMPARE(result.dataset.photoCount(), 210);
        int png = 0;
        int jpeg = 0;
        bool suffixed = false;
        for (const Person &person : result.dataset.persons) {
            suffixed |= person.id.contains(u'-');
            for (const ImageInfo &photo : person.photos) {
                QCOMPARE(photo.status, ImageStatus::Ok);
                png += photo.fileName.endsWith(".png") ? 1 : 0;
                jpeg += photo.fileName.endsWith(".jpeg") ? 1 : 0;
            }
        }
        QVERIFY(png >= 1);
        QVERIFY(jpeg >= 1);
        QVERIFY(suffixed);
        QVERIFY(
            findIssue(result, IssueKind::JunkEntry,
                      "train/images/" + result.dataset.persons.front().folder + "/._mask1.jpg"));
        bool sharedId = false;
        for (const ScanIssue &issue : result.issues)
            sharedId |= issue.kind == IssueKind::DuplicateId;
        QVERIFY(sharedId);
    }

    void csvVariantsParse()
    {
        // BOM, CRLF, quotes, spaces, reordered and extra columns: the same persons come out.
        const QString root = freshCopy();
        const QString csv = root + "/train/train.csv";
        const QStringList rows = csvLines(csv);
        QString text = QStringLiteral("\xFEFF path , note,age,\"race\",gender,id\r\n");
        for (int i = 1; i < rows.size(); ++i) {
            const QStringList f = rows[i].split(u',');
            text += QStringLiteral("\"%1\", \"a, b\" ,%2 ,%3,  %4 ,%5\r\n")
                        .arg(f[4], f[3], f[2], f[1], f[0]);
        }
        QVERIFY(writeFile(csv, text.toUtf8()));
        const ScanResult result = scanDataset(root);
        QVERIFY2(result.issues.empty(), qPrintable(describe(result)));
        QCOMPARE(int(result.dataset.persons.size()), 6);
        const ScanResult base = scanDataset(m_base);
        for (size_t i = 0; i < 6; ++i) {
            QCOMPARE(result.dataset.persons[i].folder, base.dataset.persons[i].folder);
            QCOMPARE(result.dataset.persons[i].age, base.dataset.persons[i].age);
            QCOMPARE(result.dataset.persons[i].gender, base.dataset.persons[i].gender);
        }
    }

    void deepCheckDecodes()
    {
        const QString root = freshCopy();
        const QString photo = root + "/train/images/" + m_folders[0] + "/mask5.jpg";
        const QByteArray bytes = readFile(photo);
        QVERIFY(writeFile(photo, bytes.left(bytes.size() / 2)));
        const QString rel = "train/images/" + m_folders[0] + "/mask5.jpg";

        // A file cut short: the quick scan sees its missing end marker.
        const ScanResult quick = scanDataset(root);
        const ScanIssue *cut = findIssue(quick, IssueKind::UndecodableImage, rel);
        QVERIFY2(cut && cut->reason.contains("truncated"), qPrintable(describe(quick)));
        QCOMPARE(quick.dataset.findPerson(m_folders[0])->photos[4].status,
                 ImageStatus::Undecodable);

        // Wrecked pixel data between an intact header and end: only a full decode sees it.
        const QString other = root + "/train/images/" + m_folders[1] + "/mask4";
        QVERIFY(QFile::remove(other + ".jpg"));
        QVERIFY(writeFile(other + ".png", wreckedPng(64, 48)));
        const QString otherRel = "train/images/" + m_folders[1] + "/mask4.png";
        QVERIFY(!findIssue(scanDataset(root), IssueKind::UndecodableImage, otherRel));
        ScanOptions deep;
        deep.deep = true;
        deep.threads = 2;
        const ScanResult full = scanDataset(root, deep);
        const ScanIssue *issue = findIssue(full, IssueKind::UndecodableImage, otherRel);
        QVERIFY2(issue, qPrintable(describe(full)));
        QCOMPARE(issue->severity, Severity::Error);
        QCOMPARE(full.dataset.findPerson(m_folders[1])->photos[3].status, ImageStatus::Undecodable);
        QVERIFY(findIssue(full, IssueKind::UndecodableImage, rel));
    }

    void progressAndCancel()
    {
        std::atomic<bool> cancel{false};
        qint64 lastDone = 0;
        qint64 lastTotal = 0;
        QStringList phases;
        ProgressSink sink;
        sink.cancel = &cancel;
        sink.report = [&](const QString &phase, qint64 done, qint64 total) {
            if (!phases.contains(phase))
                phases << phase;
            lastDone = done;
            lastTotal = total;
        };
        ScanOptions options;
        options.threads = 1;
        const ScanResult done = scanDataset(m_base, options, sink);
        QVERIFY(!done.cancelled);
        QVERIFY(phases.contains("Reading image headers"));
        QCOMPARE(lastDone, lastTotal);
        QCOMPARE(lastTotal, qint64(49));

        sink.report = [&](const QString &phase, qint64, qint64) {
            if (phase == "Listing person folders")
                cancel = true;
        };
        const ScanResult cancelled = scanDataset(m_base, options, sink);
        QVERIFY(cancelled.cancelled);
        QVERIFY(cancelled.located);
    }
};

QTEST_GUILESS_MAIN(TestScanner)
#include "tst_scanner.moc"
