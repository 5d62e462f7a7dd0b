// Effective labels (dataset + overlay) and the exports built on them.

#include "csvtable.h"
#include "datasetscanner.h"
#include "labeleddataset.h"
#include "labelexport.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace masklab;
using namespace masklab::test;

class TestLabeledDataset : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;
    std::shared_ptr<const Dataset> m_dataset;

private slots:
    void initTestCase()
    {
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 12, 1, 0, true, 96, 128));
        m_dataset = std::make_shared<Dataset>(scanDataset(m_root).dataset);
        QCOMPARE(int(m_dataset->persons.size()), 12);
    }

    void withoutEditsTheOriginalLabels()
    {
        const LabeledDataset labels(m_dataset);
        for (int i = 0; i < labels.personCount(); ++i) {
            QCOMPARE(labels.gender(i), labels.person(i).gender);
            QCOMPARE(labels.age(i), labels.person(i).age);
            QVERIFY(!labels.isEdited(i));
            for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
                QCOMPARE(labels.mask(i, slot), maskStateOfSlot(slot));
                QVERIFY(!labels.excluded(i, slot));
            }
        }
        QCOMPARE(labels.indexOf(m_dataset->persons[3].folder), 3);
        QCOMPARE(labels.indexOf("nope"), -1);
    }

    void editsChangeEffectiveLabelsAndClasses()
    {
        LabeledDataset labels(m_dataset);
        const Person &p = labels.person(0);
        const AgeThresholds thresholds;
        const Gender other = p.gender == Gender::Male ? Gender::Female : Gender::Male;
        QVERIFY(labels.setGender(0, other));
        QVERIFY(labels.setAge(0, 60));
        QVERIFY(labels.setMask(0, 5, MaskState::NotWear));
        QVERIFY(labels.setExcluded(0, 2, true));
        QCOMPARE(labels.gender(0), other);
        QCOMPARE(labels.age(0), 60);
        QCOMPARE(labels.mask(0, 5), MaskState::NotWear);
        QVERIFY(labels.excluded(0, 2));
        QVERIFY(labels.isEdited(0));
        QVERIFY(labels.isEdited(0, 5));
        QVERIFY(!labels.isEdited(0, 4));
        QCOMPARE(classIndex(labels.label(0, 5, thresholds)),
                 classIndex(MaskState::NotWear, other, AgeGroup::Old));
        QCOMPARE(labels.overlay().editCount(), 4);
        // The original values back: no edits left.
        QVERIFY(labels.setGender(0, p.gender));
        QVERIFY(labels.setAge(0, p.age));
        QVERIFY(labels.setMask(0, 5, MaskState::Incorrect));
        QVERIFY(labels.setExcluded(0, 2, false));
        QVERIFY(labels.overlay().isEmpty());
        QVERIFY(!labels.isEdited(0));
        // Invalid values are refused.
        QVERIFY(!labels.setValue(0, -1, EditField::Age, "old"));
        QVERIFY(!labels.setValue(0, -1, EditField::Gender, "x"));
        QVERIFY(!labels.setValue(99, -1, EditField::Age, "30"));
    }

    void orphanedEditsAreKept()
    {
        LabelOverlay overlay;
        overlay.set("999999_male_Asian_20", -1, EditField::Age, "20", "21");
        const LabeledDataset labels(m_dataset, overlay);
        QCOMPARE(labels.orphanedFolders(), QStringList{"999999_male_Asian_20"});
        QCOMPARE(labels.overlay().editCount(), 1);
    }

    void correctedTrainCsvRows()
    {
        LabeledDataset labels(m_dataset);
        labels.setAge(1, 61);
        labels.setGender(2, labels.gender(2) == Gender::Male ? Gender::Female : Gender::Male);
        const CsvTable table = parseCsv(correctedTrainCsv(labels).toUtf8());
        QCOMPARE(table.header, QStringList({"id", "gender", "race", "age", "path"}));
        QCOMPARE(int(table.records.size()), 12);
        for (int i = 0; i < 12; ++i) {
            const QStringList &row = table.records[size_t(i)].fields;
            const Person &p = labels.person(i);
            const QStringList expected = {p.id, genderName(labels.gender(i)), p.race,
                                          QString::number(labels.age(i)), p.folder};
            QCOMPARE(row, expected);
        }
        QCOMPARE(table.records[1].fields[3], QStringLiteral("61"));
        QVERIFY(table.records[2].fields[1] != genderName(labels.person(2).gender));
        // Unedited rows equal the original train.csv rows.
        const CsvTable original = parseCsv(readFile(m_root + "/train/train.csv"));
        QCOMPARE(table.records[0].fields, original.records[0].fields);
    }

    void editsCsvRows()
    {
        LabeledDataset labels(m_dataset);
        labels.setMask(3, 5, MaskState::NotWear);
        labels.setAge(3, 44);
        const CsvTable table = parseCsv(editsCsv(labels.overlay()).toUtf8());
        QCOMPARE(table.header, QStringList({"folder", "photo", "field", "old", "new", "time"}));
        QCOMPARE(int(table.records.size()), 2);
        const QString folder = labels.person(3).folder;
        QCOMPARE(table.records[0].fields.mid(0, 5),
                 QStringList({folder, "", "age", QString::number(labels.person(3).age), "44"}));
        QCOMPARE(table.records[1].fields.mid(0, 5),
                 QStringList({folder, "incorrect_mask", "mask", "incorrect", "normal"}));
    }

    void photoNamesFollowTheMask()
    {
        LabeledDataset labels(m_dataset);
        labels.setMask(0, 5, MaskState::NotWear); // the swap
        labels.setMask(0, 6, MaskState::Incorrect);
        auto stems = correctedPhotoStems(labels, 0);
        QCOMPARE(stems[5], QStringLiteral("normal"));
        QCOMPARE(stems[6], QStringLiteral("incorrect_mask"));
        labels.setMask(0, 5, MaskState::Wear); // an "incorrect" photo that is worn correctly
        labels.setExcluded(0, 1, true);
        stems = correctedPhotoStems(labels, 0);
        QCOMPARE(stems[0], QStringLiteral("mask1"));
        QVERIFY(stems[1].isEmpty());
        QCOMPARE(stems[2], QStringLiteral("mask2"));
        QCOMPARE(stems[5], QStringLiteral("mask5"));
    }

    void exportCorrectedDataset()
    {
        const QString before = treeFingerprint(m_root);
        LabeledDataset labels(m_dataset);
        const Person &p = labels.person(0);
        labels.setMask(0, 5, MaskState::NotWear);
        labels.setMask(0, 6, MaskState::Incorrect);
        labels.setAge(0, p.age == 60 ? 25 : 60);
        labels.setExcluded(1, 0, true);
        const QString out = m_tmp.filePath("corrected");
        const DatasetExportResult result = masklab::exportCorrectedDataset(labels, out);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.persons, 12);
        QCOMPARE(result.renamedFolders, 1);
        QCOMPARE(result.excluded, 1);
        QCOMPARE(result.linked + result.copied, 12 * 7 - 1 + 7);
        QCOMPARE(result.evalImages, 7);

        const QString newFolder = formatFolderName(p.id, p.gender, p.race, labels.age(0));
        QVERIFY(newFolder != p.folder);
        const QString dir = out + "/train/images/" + newFolder;
        // The files were swapped: normal.* holds the original incorrect_mask photo.
        const QString originalIncorrect = m_dataset->photoPath(p, 5);
        const QString exportedNormal = dir + "/normal." + QFileInfo(originalIncorrect).suffix();
        QCOMPARE(readFile(exportedNormal), readFile(originalIncorrect));
        const QString originalNormal = m_dataset->photoPath(p, 6);
        QCOMPARE(readFile(dir + "/incorrect_mask." + QFileInfo(originalNormal).suffix()),
                 readFile(originalNormal));
        // Person 1's excluded mask1 is left out; its mask2 becomes mask1, and there is no mask5.
        const QString dir1 = out + "/train/images/" + labels.person(1).folder;
        QCOMPARE(readFile(dir1 + "/mask1.jpg"),
                 readFile(m_dataset->photoPath(labels.person(1), 1)));
        QVERIFY(!QFileInfo::exists(dir1 + "/mask5.jpg"));

        // The exported dataset is itself a valid dataset with the corrected labels.
        const ScanResult scan = scanDataset(out);
        QCOMPARE(countIssues(scan.issues).errors, 1); // person 1 has only 4 worn photos now
        const Person *exported = scan.dataset.findPerson(newFolder);
        QVERIFY(exported);
        QCOMPARE(exported->age, labels.age(0));
        QCOMPARE(int(scan.dataset.evalImages.size()), 7);
        // Hard links where possible: same inode, no extra disk.
        struct stat a, b;
        QVERIFY(::stat(QFile::encodeName(exportedNormal).constData(), &a) == 0);
        QVERIFY(::stat(QFile::encodeName(originalIncorrect).constData(), &b) == 0);
        QCOMPARE(a.st_ino, b.st_ino);

        QCOMPARE(treeFingerprint(m_root), before); // the dataset was not touched
        const DatasetExportResult again = masklab::exportCorrectedDataset(labels, out);
        QVERIFY(!again.ok);
        QVERIFY(again.error.contains("not empty"));
        const DatasetExportResult inside =
            masklab::exportCorrectedDataset(labels, m_root + "/train/new");
        QVERIFY(!inside.ok);
        QVERIFY(inside.error.contains("inside the dataset"));
    }

    void aCancelledExportLeavesNoHalfDataset_data()
    {
        QTest::addColumn<bool>("folderExists");
        QTest::newRow("new folder") << false;
        QTest::newRow("empty folder") << true;
    }

    void aCancelledExportLeavesNoHalfDataset()
    {
        QFETCH(bool, folderExists);
        const QString before = treeFingerprint(m_root);
        const LabeledDataset labels(m_dataset);
        const QString out = m_tmp.filePath(folderExists ? "cancel-empty" : "cancel-new");
        if (folderExists)
            QVERIFY(QDir().mkpath(out));
        std::atomic<bool> cancel{false};
        ProgressSink sink;
        sink.cancel = &cancel;
        qint64 reported = 0;
        sink.report = [&](const QString &, qint64 done, qint64) {
            reported = done;
            if (done == 3) // the user presses Cancel after the third person
                cancel = true;
        };
        const DatasetExportResult result = masklab::exportCorrectedDataset(labels, out, sink);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains("cancelled"), qPrintable(result.error));
        QVERIFY(result.error.contains("removed"));
        QCOMPARE(reported, qint64(3)); // it stopped before the fourth person
        QCOMPARE(QFileInfo::exists(out), folderExists);
        if (folderExists)
            QVERIFY(QDir(out).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
        QCOMPARE(treeFingerprint(m_root), before); // the links went, the photos stayed
    }
};

QTEST_GUILESS_MAIN(TestLabeledDataset)
#include "tst_labeleddataset.moc"
