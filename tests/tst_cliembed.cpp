// masklab-cli embed and explain as a user runs them: the embeddings file (CSV or .npy with its
// rows), the map, "more like this", the workspace sparing the model a second time, the Grad-CAM
// overlay, and what they say about a missing run, photo or option.

#include "clirun.h"
#include "csvtable.h"
#include "embeddingtable.h"
#include "testsupport.h"
#include "trainer.h"

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

class TestCliEmbed : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;
    QString m_run;
    QString m_folder; // the first person's

private slots:
    void initTestCase()
    {
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 12, 1, 0, false, 96, 128));
        m_run = m_tmp.filePath("run");
        QVERIFY(trainer::train(tinyTrainConfig(m_root, 1), m_run, {}).ok);
        m_folder = QDir(m_root + "/train/images").entryList(QDir::Dirs | QDir::NoDotAndDotDot)[0];
    }

    void embedWritesTheTableTheMapAndTheMostAlike()
    {
        const QString ws = m_tmp.filePath("ds.masklab");
        CliRun run = runCli({"embed", "--run", m_run, "--eval", "--workspace", ws, "--out",
                             m_tmp.filePath("e.csv"), "--map", m_tmp.filePath("map.csv"), "--like",
                             "train/images/" + m_folder + "/mask1.jpg", "--count", "5"});
        QString error;
        const std::optional<EmbeddingTable> table = readEmbeddings(m_tmp.filePath("e.csv"), &error);
        if (run.exitCode != 0 || !table)
            QFAIL(qPrintable(run.all() + error));
        QCOMPARE(table->size(), 12 * 7 + 7);
        QVERIFY2(run.out.contains("91 by the model, 0 from the workspace"), qPrintable(run.out));
        const std::optional<CsvTable> map = readStrictCsvFile(m_tmp.filePath("map.csv"), &error);
        QVERIFY2(map, qPrintable(error));
        QCOMPARE(int(map->records.size()), 91);
        QCOMPARE(map->header.join(','), QString("path,split,label,pc1,pc2,x,y"));
        // The five most alike, after the header line: none of them the photo itself.
        const QStringList lines = run.out.section("similarity", 1).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 5);
        QVERIFY(!run.out.section("similarity", 1).contains(m_folder + "/mask1.jpg"));

        run = runCli({"embed", "--run", m_run, "--eval", "--workspace", ws, "--out",
                      m_tmp.filePath("e.npy")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("0 by the model, 91 from the workspace"), qPrintable(run.out));
        const std::optional<EmbeddingTable> npy = readEmbeddings(m_tmp.filePath("e.npy"), &error);
        QVERIFY2(npy, qPrintable(error));
        QCOMPARE(npy->size(), 91);
        QCOMPARE(npy->photos[5].path, table->photos[5].path);
    }

    void explainWritesTheOverlay()
    {
        const QString photo = m_root + "/train/images/" + m_folder + "/incorrect_mask.jpg";
        QVERIFY(QFile::exists(photo));
        const CliRun run = runCli({"explain", "--run", m_run, "--photo", photo, "--head", "gender",
                                   "--out", m_tmp.filePath("cam.png")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
        QVERIFY2(run.out.startsWith("gender: "), qPrintable(run.out));
        const QImage cam(m_tmp.filePath("cam.png"));
        QCOMPARE(cam.size(), QImage(photo).size());
    }

    void badInputIsNamed_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("says");
        const QString out = m_tmp.filePath("x.csv");
        QTest::newRow("no run folder")
            << QStringList{"embed", "--run", m_tmp.filePath("none"), "--out", out} << "none";
        QTest::newRow("no output")
            << QStringList{"embed", "--run", m_run} << "one of --out, --map, --like";
        QTest::newRow("a photo not embedded")
            << QStringList{"embed", "--run", m_run, "--like", "train/images/nobody/mask1.jpg"}
            << "is not among the embedded photos";
        QTest::newRow("explain: no such photo")
            << QStringList{"explain", "--run",     m_run, "--photo", m_tmp.filePath("no.jpg"),
                           "--out",   out + ".png"}
            << "no.jpg is missing";
        QTest::newRow("explain: no such head")
            << QStringList{"explain", "--run", m_run,   "--photo", "p.jpg",
                           "--head",  "hair",  "--out", out}
            << "--head must be mask, gender or age";
    }
    void badInputIsNamed()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, says);
        const CliRun run = runCli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(says), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestCliEmbed)
#include "tst_cliembed.moc"
