// masklab-cli find-errors as a user runs it: K-fold models trained from a config, the planted
// label errors ranked first, the folds reused when nothing changed, a bad config refused before
// any fold trains. Apart from tst_cli because it trains three folds: the sanitizer run
// (packaging/sanitize.sh) takes tst_cli, whose training tests cover the same trainer.

#include "clirun.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab::test;

class TestCliFinder : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private slots:
    void findErrorsPutsTheInjectedSwapsFirst()
    {
        // 120 generated persons, 5% with one label error, and a small model that learns the
        // mask state in 40 s on two idle cores: the two swapped persons must be the two top
        // mask swaps (at 10 epochs they score 1.00 and 0.98, the next mask swap 0.85).
        const QString data = m_tmp.filePath("noisy");
        const CliRun synth = runCli({"synth", data, "--persons", "120", "--label-noise", "0.05",
                                     "--size", "192x256", "--seed", "5"});
        QVERIFY2(synth.exitCode == 0, qPrintable(synth.err));
        QSet<QString> swapped;
        for (const QString &line : QString::fromUtf8(readFile(data + "-truth/label_noise.csv"))
                                       .split(u'\n', Qt::SkipEmptyParts))
            if (line.section(u',', 1, 1) == "mask-swap")
                swapped.insert(line.section(u',', 0, 0));
        QCOMPARE(swapped.size(), 2);
        const QString config = m_tmp.filePath("finder.yaml");
        QVERIFY(writeFile(config, "data: {input_width: 48, input_height: 64, crop: [24, 12, 144, "
                                  "192]}\ntrain: {epochs: 10, batch_size: 16}\n"
                                  "augment: {random_resized_crop: 0, rotation: 0}\n"));
        const QString out = m_tmp.filePath("suspects.csv");
        const QStringList args = {
            "find-errors", "--config", config,  "--set", "data.dataset=" + data,
            "--folds",     "3",        "--out", out};
        const int fiveMinutes = 300000;
        const CliRun run = runCli(args, fiveMinutes);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
        QVERIFY2(run.out.contains("3 folds trained, 0 reused"), qPrintable(run.out));
        const QStringList lines = QString::fromUtf8(readFile(out)).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.front(), "rank,folder,photo,kind,given,suggested,score");
        QStringList swaps;
        for (const QString &line : lines)
            if (line.section(u',', 3, 3) == "mask-swap")
                swaps << line;
        QVERIFY(swaps.size() >= 2);
        for (const QString &line : swaps.mid(0, 2)) {
            QVERIFY2(swapped.contains(line.section(u',', 1, 1)), qPrintable(line));
            QCOMPARE(line.section(u',', 2, 2), "incorrect_mask+normal");
            QCOMPARE(line.section(u',', 4, 5), "incorrect+normal,normal+incorrect");
            // The score is the probability the label is wrong: these are likely.
            QVERIFY2(line.section(u',', 6, 6).toDouble() > 0.5, qPrintable(line));
        }
        // 120 persons are enough to estimate how many errors there are.
        static const QRegularExpression estimate(
            "about \\d+ likely errors? \\(.*mask-swap [0-9.]+.*\\): the first \\d+ of the model's "
            "suspects are the likely ones");
        QVERIFY2(run.out.contains(estimate), qPrintable(run.out));
        const QJsonDocument evidence =
            QJsonDocument::fromJson(readFile(m_tmp.filePath("suspects.json")));
        QCOMPARE(evidence.array().size(), lines.size() - 1);
        QCOMPARE(evidence.array().first()["evidence"].toArray().size(), 7);
        // Nothing changed: the second call reuses the folds, trains nothing, ranks the same.
        const QByteArray first = readFile(out);
        const CliRun again = runCli(args);
        QVERIFY2(again.out.contains("0 folds trained, 3 reused"), qPrintable(again.out));
        QCOMPARE(readFile(out), first);
        // A config that fails validation is refused, naming the key, before any fold trains.
        const CliRun bad = runCli({"find-errors", "--config", config, "--set",
                                   "data.dataset=" + data, "--set", "loss.class_weights=custom"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("loss.custom_weights"), qPrintable(bad.err));
        QVERIFY(!bad.out.contains("fold 1/"));
    }
};

QTEST_GUILESS_MAIN(TestCliFinder)
#include "tst_clifinder.moc"
