// The scanner on generated datasets: a clean one, the real data's quirks, and one broken copy
// per kind of problem, each checked for severity, kind, path, line and reason.

#include "datasetscanner.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

using namespace masklab;
using namespace masklab::test;

namespace {

const ScanIssue *findIssue(const ScanResult &result, IssueKind kind, const QString &path)
{
    for (const ScanIssue &issue : result.issues) {
        if (issue.kind == kind && issue.path == path)
            return &issue;
    }
    return nullptr;
}

QString describe(const ScanResult &result)
{
    QStringList lines;
    for (const ScanIssue &issue : result.issues)
        lines << QStringLiteral("%1 %2 %3:%4 %5")
                     .arg(severityName(issue.severity), issueKindName(issue.kind), issue.path)
                     .arg(issue.line)
                     .arg(issue.reason);
    return lines.join(u'\n');
}

QStringList csvLines(const QString &path)
{
    return QString::fromUtf8(readFile(path)).split(u'\n', Qt::SkipEmptyParts);
}

bool writeCsvLines(const QString &path, const QStringList &lines)
{
    return writeFile(path, (lines.join(u'\n') + u'\n').toUtf8());
}

} // namespace

class TestScanner : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_base; // 6 persons, 1 eval person, no quirks: scans without findings
    QStringList m_folders;
    QString m_evalImage;
    int m_case = 0;

    QString freshCopy()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("case%1").arg(++m_case));
        if (!copyTree(m_base, dir))
            qFatal("copy failed");
        return dir;
    }

    QString expand(QString text) const
    {
        text.replace(QLatin1String("{P0}"), m_folders[0]);
        text.replace(QLatin1String("{P1}"), m_folders[1]);
        text.replace(QLatin1String("{E0}"), m_evalImage);
        return text;
    }

    // Breaks a copy of the base dataset in one way.
    void mutate(const QString &root, const QString &what)
    {
        const QString csv = root + QStringLiteral("/train/train.csv");
        const QString p0 = root + QStringLiteral("/train/images/") + m_folders[0];
        QStringList rows = csvLines(csv);
        auto setField = [&](int line, int column, const QString &value) {
            QStringList fields = rows[line - 1].split(u',');
            fields[column] = value;
            rows[line - 1] = fields.join(u',');
            QVERIFY(writeCsvLines(csv, rows));
        };
        if (what == "junk file")
            QVERIFY(writeFile(p0 + "/._mask1.jpg", "junk"));
        else if (what == "DS_Store")
            QVERIFY(writeFile(root + "/train/images/.DS_Store", "junk"));
        else if (what == "unknown file")
            QVERIFY(writeFile(p0 + "/notes.txt", "hello"));
        else if (what == "unknown stem")
            QVERIFY(QFile::copy(p0 + "/mask1.jpg", p0 + "/mask6.jpg"));
        else if (what == "missing photo")
            QVERIFY(QFile::remove(p0 + "/normal.jpg"));
        else if (what == "duplicate stem")
            QVERIFY(QFile::copy(p0 + "/mask1.jpg", p0 + "/mask1.png"));
        else if (what == "bad folder name")
            QVERIFY(QDir().mkpath(root + "/train/images/strange_folder"));
        else if (what == "row without folder")
            QVERIFY(QDir(root + "/train/images/" + m_folders[1]).removeRecursively());
        else if (what == "folder without row") {
            rows.removeAt(2);
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "folder-row mismatch")
            setField(2, 3, QString::number(csvLines(csv)[1].split(u',')[3].toInt() + 1));
        else if (what == "duplicate id")
            setField(3, 0, rows[1].split(u',')[0]);
        else if (what == "duplicate row") {
            rows.append(rows[1]);
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "empty image")
            QVERIFY(writeFile(p0 + "/mask2.jpg", QByteArray()));
        else if (what == "unreadable image")
            QVERIFY(writeFile(p0 + "/mask3.jpg", "this is text"));
        else if (what == "unexpected size")
            QVERIFY(cv::imwrite((p0 + "/mask4.jpg").toStdString(),
                                cv::Mat(100, 120, CV_8UC3, cv::Scalar(1, 2, 3))));
        else if (what == "missing column") {
            rows[0] = QStringLiteral("id,gender,race,years,path");
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "non-numeric age")
            setField(2, 3, QStringLiteral("forty"));
        else if (what == "unknown gender")
            setField(2, 1, QStringLiteral("unknown"));
        else if (what == "dotdot path")
            setField(2, 4, QStringLiteral("../../etc"));
        else if (what == "absolute path")
            setField(2, 4, QStringLiteral("/etc"));
        else if (what == "unterminated quote") {
            rows[3] = rows[3] + QStringLiteral(",\"open");
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "short row") {
            rows[2] = QStringLiteral("5,male,Asian");
            QVERIFY(writeCsvLines(csv, rows));
        } else if (what == "eval row without image")
            QVERIFY(QFile::remove(root + "/eval/images/" + m_evalImage));
        else if (what == "eval image without row")
            QVERIFY(writeFile(root + "/eval/images/extra.jpg", readFile(p0 + "/mask1.jpg")));
        else if (what == "eval junk")
            QVERIFY(writeFile(root + "/eval/images/._extra.jpg", "junk"));
        else if (what == "unsafe eval id") {
            const QString info = root + "/eval/info.csv";
            QStringList lines = csvLines(info);
            lines.append(QStringLiteral("../train/train.csv,0"));
            QVERIFY(writeCsvLines(info, lines));
        } else if (what == "train.csv missing")
            QVERIFY(QFile::remove(csv));
        else
            QFAIL(qPrintable("unknown mutation " + what));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_base = m_tmp.filePath(QStringLiteral("base"));
        QVERIFY(makeSynthDataset(m_base, 6, 1, 0, /*quirks=*/false));
        const QStringList rows = csvLines(m_base + QStringLiteral("/train/train.csv"));
        for (int i = 1; i < rows.size(); ++i)
            m_folders << rows[i].split(u',').last();
        m_evalImage = csvLines(m_base + QStringLiteral("/eval/info.csv"))[1].split(u',').first();
        QCOMPARE(m_folders.size(), 6);
    }

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

    void problems_data()
    {
        QTest::addColumn<QString>("severity");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("reason");
        const QString img = QStringLiteral("train/images/{P0}");
        const QString csv = QStringLiteral("train/train.csv");
        auto row = [](const char *name, const char *severity, IssueKind kind, const QString &path,
                      int line, const char *reason) {
            QTest::newRow(name) << severity << int(kind) << path << line << reason;
        };
        row("junk file", "info", IssueKind::JunkEntry, img + "/._mask1.jpg", 0, "junk");
        row("DS_Store", "info", IssueKind::JunkEntry, "train/images/.DS_Store", 0, "junk");
        row("unknown file", "warning", IssueKind::UnknownFile, img + "/notes.txt", 0,
            "not one of the 7 photos");
        row("unknown stem", "warning", IssueKind::UnknownFile, img + "/mask6.jpg", 0,
            "not one of the 7 photos");
        row("missing photo", "error", IssueKind::MissingPhoto, img, 0, "photo normal is missing");
        row("duplicate stem", "warning", IssueKind::DuplicateStem, img + "/mask1.jpg", 0,
            "2 files for photo mask1 (mask1.jpg, mask1.png); using mask1.jpg");
        row("bad folder name", "warning", IssueKind::BadFolderName, "train/images/strange_folder",
            0, "not <id>_<gender>_<race>_<age>");
        row("row without folder", "error", IssueKind::RowWithoutFolder, csv, 3,
            "folder {P1} is not in train/images");
        row("folder without row", "warning", IssueKind::FolderWithoutRow, "train/images/{P1}", 0,
            "no train.csv row");
        row("folder-row mismatch", "warning", IssueKind::FolderRowMismatch, csv, 2, "age");
        row("duplicate id", "info", IssueKind::DuplicateId, csv, 3, "is also used by {P0}");
        row("duplicate row", "error", IssueKind::DuplicateRow, csv, 8,
            "folder {P0} already has a row on line 2");
        row("empty image", "error", IssueKind::EmptyImage, img + "/mask2.jpg", 0, "empty");
        row("unreadable image", "error", IssueKind::UnreadableImage, img + "/mask3.jpg", 0,
            "not an image");
        row("unexpected size", "info", IssueKind::UnexpectedSize, img + "/mask4.jpg", 0,
            "120x100, not 384x512");
        row("missing column", "error", IssueKind::CsvMissingColumn, csv, 1,
            "missing required column(s): age");
        row("non-numeric age", "error", IssueKind::CsvBadValue, csv, 2,
            "age \"forty\" is not a whole number");
        row("unknown gender", "error", IssueKind::CsvBadValue, csv, 2,
            "gender \"unknown\" is neither male nor female");
        row("dotdot path", "error", IssueKind::UnsafePath, csv, 2, "\"../../etc\"");
        row("absolute path", "error", IssueKind::UnsafePath, csv, 2, "\"/etc\"");
        row("unterminated quote", "error", IssueKind::CsvSyntax, csv, 4, "unterminated");
        row("short row", "error", IssueKind::CsvSyntax, csv, 3,
            "row has 3 fields, the header has 5");
        row("eval row without image", "error", IssueKind::EvalRowWithoutImage, "eval/info.csv", 2,
            "image {E0} is not in eval/images");
        row("eval image without row", "warning", IssueKind::EvalImageWithoutRow,
            "eval/images/extra.jpg", 0, "no row in info.csv");
        row("eval junk", "info", IssueKind::JunkEntry, "eval/images/._extra.jpg", 0, "junk");
        row("unsafe eval id", "error", IssueKind::UnsafePath, "eval/info.csv", 9,
            "not a file name inside eval/images");
        row("train.csv missing", "error", IssueKind::DatasetLayout, csv, 0, "train.csv is missing");
    }

    void problems()
    {
        QFETCH(QString, severity);
        QFETCH(int, kind);
        QFETCH(QString, path);
        QFETCH(int, line);
        QFETCH(QString, reason);
        const QString root = freshCopy();
        const QString before = treeFingerprint(root);
        mutate(root, QString::fromLatin1(QTest::currentDataTag()));
        if (QTest::currentTestFailed())
            return;
        const QString mutated = treeFingerprint(root);
        const ScanResult result = scanDataset(root);
        QVERIFY(result.located);
        const ScanIssue *issue = findIssue(result, static_cast<IssueKind>(kind), expand(path));
        QVERIFY2(issue, qPrintable("not reported; the report was:\n" + describe(result)));
        QCOMPARE(severityName(issue->severity), severity);
        QCOMPARE(issue->line, line);
        QVERIFY2(issue->reason.contains(expand(reason)), qPrintable(issue->reason));
        QVERIFY(before != mutated);
        QCOMPARE(treeFingerprint(root), mutated); // the scan wrote nothing
    }

    void folderWithoutRowKeepsItsLabels()
    {
        const QString root = freshCopy();
        mutate(root, QStringLiteral("folder without row"));
        const ScanResult result = scanDataset(root);
        const Person *person = result.dataset.findPerson(m_folders[1]);
        QVERIFY(person);
        QCOMPARE(person->csvLine, 0);
        const auto name = parseFolderName(m_folders[1]);
        QCOMPARE(person->age, name->age);
        QCOMPARE(person->gender, name->gender);
        QCOMPARE(result.dataset.photoCount(), 42);
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

        const ScanResult quick = scanDataset(root);
        QVERIFY(!findIssue(quick, IssueKind::UndecodableImage, rel));
        ScanOptions deep;
        deep.deep = true;
        deep.threads = 2;
        const ScanResult full = scanDataset(root, deep);
        const ScanIssue *issue = findIssue(full, IssueKind::UndecodableImage, rel);
        QVERIFY2(issue, qPrintable(describe(full)));
        QCOMPARE(issue->severity, Severity::Error);
        QCOMPARE(full.dataset.findPerson(m_folders[0])->photos[4].status, ImageStatus::Undecodable);
        QCOMPARE(countIssues(full.issues).errors, 1);
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
