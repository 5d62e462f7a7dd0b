// The scanner on one broken copy of a clean dataset per kind of problem, each checked for
// severity, kind, path, line and reason, and that scanning wrote nothing.

#include "scanfixture.h"

using namespace masklab;
using namespace masklab::test;

class TestScanProblems : public QObject, private ScanFixture
{
    Q_OBJECT
private slots:
    void initTestCase() { setUpBase(); }

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
};

QTEST_GUILESS_MAIN(TestScanProblems)
#include "tst_scanproblems.moc"
