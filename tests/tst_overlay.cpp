// The relabel overlay: edits, removal on return to the original, YAML round trip, and clear
// messages (line and reason) for broken files.

#include "labeloverlay.h"
#include "testsupport.h"
#include "workspace.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

class TestOverlay : public QObject
{
    Q_OBJECT
private slots:
    void setAndRemove()
    {
        LabelOverlay overlay;
        QVERIFY(overlay.set("000001_female_Asian_45", -1, EditField::Gender, "female", "male"));
        QVERIFY(!overlay.set("000001_female_Asian_45", -1, EditField::Gender, "female", "male"));
        QCOMPARE(overlay.editCount(), 1);
        QVERIFY(overlay.set("000001_female_Asian_45", 5, EditField::Mask, "incorrect", "normal"));
        QCOMPARE(overlay.editCount(), 2);
        QCOMPARE(overlay.personCount(), 1);
        // Back to the original value: the edit disappears, and with the last one the person.
        QVERIFY(overlay.set("000001_female_Asian_45", -1, EditField::Gender, "female", "female"));
        QCOMPARE(overlay.editCount(), 1);
        QVERIFY(
            overlay.set("000001_female_Asian_45", 5, EditField::Mask, "incorrect", "incorrect"));
        QVERIFY(overlay.isEmpty());
        QVERIFY(!overlay.set("x", 9, EditField::Mask, "mask", "normal")); // no such photo
    }

    void yamlRoundTrip()
    {
        LabelOverlay overlay;
        const QDateTime t = QDateTime::fromString("2026-11-28T04:00:00Z", Qt::ISODate);
        overlay.set("000001_female_Asian_45", -1, EditField::Gender, "female", "male", t);
        overlay.set("000001_female_Asian_45", -1, EditField::Age, "45", "61", t);
        overlay.set("000002_male_Asian_20", -1, EditField::Race, "Asian", "Asian: \"x\"", t);
        overlay.set("000600-1_male_Asian_30", 5, EditField::Mask, "incorrect", "normal", t);
        overlay.set("000600-1_male_Asian_30", 6, EditField::Mask, "normal", "incorrect", t);
        overlay.set("000600-1_male_Asian_30", 2, EditField::Excluded, "false", "true", t);
        const QByteArray yaml = overlay.toYaml("/data/mask");
        QVERIFY(yaml.contains("dataset: /data/mask"));
        QVERIFY(yaml.contains("000600-1_male_Asian_30/incorrect_mask:"));
        QString error;
        const auto back = LabelOverlay::fromYaml(yaml, &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(*back == overlay);
        QCOMPARE(back->editCount(), 6);
        QCOMPARE(back->find("000001_female_Asian_45", -1, EditField::Age)->time, t);
        QCOMPARE(back->toYaml("/data/mask"), yaml); // stable text: diffs stay readable
    }

    void brokenFiles_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax") << QByteArray("version: 1\npersons: {a: [\n") << "line 3";
        QTest::newRow("not a map") << QByteArray("- 1\n- 2\n") << "line 1: expected a map";
        QTest::newRow("no version") << QByteArray("persons: {}\n") << "version must be 1";
        QTest::newRow("unknown key")
            << QByteArray("version: 1\nperson: {}\n") << "line 2: unknown key \"person\"";
        QTest::newRow("bad age") << QByteArray("version: 1\npersons:\n  f:\n    age: {from: 45, "
                                               "to: old}\n")
                                 << "line 4: \"old\" is not a valid age";
        QTest::newRow("photo field on person")
            << QByteArray("version: 1\npersons:\n  f:\n    mask: {from: mask, to: normal}\n")
            << "line 4: unknown field \"mask\" for a person";
        QTest::newRow("bad photo key")
            << QByteArray("version: 1\nphotos:\n  f/mask9:\n    mask: {from: mask, to: normal}\n")
            << "line 3: \"f/mask9\" is not <folder>/<photo>";
        QTest::newRow("missing to")
            << QByteArray("version: 1\npersons:\n  f:\n    gender: {from: male}\n")
            << "line 4: gender needs from and to";
        QTest::newRow("bad mask") << QByteArray(
                                         "version: 1\nphotos:\n  f/normal:\n    mask: {from: "
                                         "normal, to: masked}\n")
                                  << "line 4: \"masked\" is not a valid mask";
        QTest::newRow("list for a value")
            << QByteArray("version: 1\npersons:\n  f:\n    age: {from: 3, to: [1]}\n")
            << "line 4: a value of the wrong kind: expected a single number or text";
    }

    void brokenFiles()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!LabelOverlay::fromYaml(yaml, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void emptyFileIsEmptyOverlay()
    {
        QString error;
        const auto overlay = LabelOverlay::fromYaml("", &error);
        QVERIFY(overlay && overlay->isEmpty());
    }

    void brokenSettings_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("message");
        QTest::newRow("scalar") << QByteArray("hello\n") << "expected a map of settings";
        QTest::newRow("thresholds not a map")
            << QByteArray("age_thresholds: 5\n")
            << "line 1: age_thresholds must be a map with middle_from and old_from";
        QTest::newRow("list for a number")
            << QByteArray("age_thresholds: {middle_from: [1], old_from: 60}\n")
            << "line 1: a value of the wrong kind";
        QTest::newRow("syntax") << QByteArray("age_thresholds: {middle_from: 30\n")
                                << "line 2: not valid YAML";
        QTest::newRow("order") << QByteArray("age_thresholds: {middle_from: 60, old_from: 30}\n")
                               << "line 1: age_thresholds needs 0 < middle_from < old_from";
    }

    void brokenSettings()
    {
        // Our words, the file and the line: never yaml-cpp's "operator[] call on a scalar".
        QFETCH(QByteArray, yaml);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        Workspace ws(tmp.filePath("ws"), tmp.filePath("data"));
        QVERIFY(writeFile(ws.settingsPath(), yaml));
        QString error;
        QVERIFY(!ws.loadThresholds(&error));
        QVERIFY2(error.startsWith(ws.settingsPath() + ": ") && error.contains(message),
                 qPrintable(error));
    }

    void workspaceSaveLoadAndSetAside()
    {
        QTemporaryDir tmp;
        const QString dataset = tmp.filePath("data");
        QVERIFY(QDir().mkpath(dataset));
        Workspace ws(Workspace::defaultDirFor(dataset), dataset);
        QCOMPARE(ws.dir(), dataset + ".masklab");
        QVERIFY(!ws.isInsideDataset());
        QString error;
        auto overlay = ws.loadOverlay(&error);
        QVERIFY(overlay && overlay->isEmpty()); // no file yet
        overlay->set("p", -1, EditField::Age, "20", "31");
        QVERIFY2(ws.saveOverlay(*overlay, &error), qPrintable(error));
        const auto loaded = ws.loadOverlay(&error);
        QVERIFY(loaded && *loaded == *overlay);

        QVERIFY(writeFile(ws.overlayPath(), "version: 1\npersons: [oops\n"));
        QVERIFY(!ws.loadOverlay(&error));
        QVERIFY2(error.startsWith(ws.overlayPath() + ": line"), qPrintable(error));
        QCOMPARE(readFile(ws.overlayPath()), QByteArray("version: 1\npersons: [oops\n")); // kept
        const auto aside = ws.setAsideOverlay(&error);
        QVERIFY(aside);
        QCOMPARE(readFile(*aside), QByteArray("version: 1\npersons: [oops\n"));
        QVERIFY(ws.loadOverlay(&error)->isEmpty());

        Workspace inside(dataset + "/ws", dataset);
        QVERIFY(inside.isInsideDataset());
        QVERIFY(!inside.saveOverlay(*overlay, &error));
        QVERIFY(error.contains("never writes"));
    }
};

QTEST_GUILESS_MAIN(TestOverlay)
#include "tst_overlay.moc"
