// The error finder's job on a tiny generated set with a tiny model: what it writes, that a second
// call reuses every fold, that a relabel retrains only the folds it feeds, that a stopped call
// continues, that a bad config is refused before any fold trains, and that broken photos are
// skipped by name. (Ranking quality: tst_suspectscoring and tst_cli.)

#include "csvtable.h"
#include "effectivelabels.h"
#include "errorfinder.h"
#include "personsplit.h"
#include "testsupport.h"
#include "workspace.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

class TestFinder : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;
    FinderOptions m_options;

    FinderOptions inWorkspace(const QString &name) const
    {
        FinderOptions o = m_options;
        o.config.data.workspace = m_tmp.filePath(name);
        return o;
    }

    struct Run
    {
        FinderOutcome outcome;
        QStringList started; // FoldStarted messages, "fold N: ..."
        int batches = 0;
    };

    static Run find(const FinderOptions &options, const std::atomic<bool> *cancel = nullptr,
                    const std::function<void(const FinderEvent &)> &also = {})
    {
        Run run;
        run.outcome = findErrors(
            options,
            [&](const FinderEvent &e) {
                if (e.kind == FinderEvent::Kind::FoldStarted)
                    run.started << QStringLiteral("fold %1: %2").arg(e.fold).arg(e.message);
                if (e.kind == FinderEvent::Kind::Training &&
                    e.train.kind == TrainEvent::Kind::BatchDone)
                    ++run.batches;
                if (also)
                    also(e);
            },
            cancel);
        return run;
    }

private slots:
    void initTestCase()
    {
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 24, 2, 0, false, 96, 128));
        TrainConfig &c = m_options.config;
        c.data.dataset = m_root;
        c.data.inputWidth = 36;
        c.data.inputHeight = 48;
        c.data.crop.reset(); // the test photos are 96x128
        c.model.width = 8;
        c.train.epochs = 2;
        c.train.batchSize = 16;
        c.train.threads = 1;
        m_options.folds = 3;
    }

    void findsAndWritesTheRun()
    {
        const Run run = find(inWorkspace("ws-a"));
        QVERIFY2(run.outcome.ok, qPrintable(run.outcome.error));
        QCOMPARE(run.outcome.trainedFolds, 3);
        QCOMPARE(run.outcome.reusedFolds, 0);
        QCOMPARE(run.started, QStringList({"fold 1: ", "fold 2: ", "fold 3: "}));
        const QString dir = run.outcome.dir;
        QVERIFY(dir.startsWith(m_tmp.filePath("ws-a/finder/")));
        for (const char *file : {"folds.csv", "oof.csv", "finder.json", "suspects.csv",
                                 "suspects.json", "fold-1/fingerprint.txt", "fold-3/best.pt"})
            QVERIFY2(QFile::exists(dir + u'/' + file), file);
        QVERIFY(QFile::exists(m_tmp.filePath("ws-a/finder/duplicates.csv")));
        // Every photo once, predicted by the fold that held its person out.
        QString error;
        const auto oof = finder::readOutOfFoldCsv(dir + "/oof.csv", &error);
        QVERIFY2(oof, qPrintable(error));
        QCOMPARE(int(oof->size()), 24 * 7);
        const auto foldOf = readFoldFile(dir + "/folds.csv", 3, &error);
        QVERIFY2(foldOf, qPrintable(error));
        QSet<QString> seen;
        for (const finder::PhotoPrediction &row : *oof) {
            QCOMPARE(row.fold, foldOf->value(row.folder));
            seen.insert(row.folder + QString::number(row.slot));
            float sum = 0;
            for (float p : row.probabilities)
                sum += p;
            QVERIFY(std::abs(sum - 1.0f) < 1e-3f);
        }
        QCOMPARE(seen.size(), 24 * 7);
        QVERIFY(run.outcome.skipped.isEmpty());
        QCOMPARE(run.outcome.duplicateImages, 24 * 7 + 2 * 7);
    }

    void aSecondCallReusesEveryFold()
    {
        const FinderOptions options = inWorkspace("ws-a");
        const FinderPlan plan = planErrorFinder(options);
        QVERIFY2(plan.ok, qPrintable(plan.error));
        QCOMPARE(plan.foldsToTrain, 0);
        QCOMPARE(plan.foldsReusable, 3);
        const Run again = find(options);
        QVERIFY2(again.outcome.ok, qPrintable(again.outcome.error));
        QCOMPARE(again.outcome.trainedFolds, 0);
        QCOMPARE(again.outcome.reusedFolds, 3);
        QCOMPARE(again.batches, 0);
        // Other settings are another finder run, in another folder.
        FinderOptions more = options;
        more.config.train.epochs = 3;
        QVERIFY(planErrorFinder(more).dir != plan.dir);
        QCOMPARE(planErrorFinder(more).foldsToTrain, 3);
        // The pace of the folds trained before gives the new one an expected time.
        QVERIFY(planErrorFinder(more).seconds.has_value());
    }

    void aRelabelRetrainsOnlyTheFoldsItFeeds()
    {
        const FinderOptions options = inWorkspace("ws-a");
        const Workspace workspace(m_tmp.filePath("ws-a"), QDir(m_root).absolutePath());
        QString error;
        auto overlay = workspace.loadOverlay(&error);
        QVERIFY(overlay);
        const QString folder =
            QDir(m_root + "/train/images").entryList(QDir::Dirs | QDir::NoDotAndDotDot)[4];
        const QString gender = folder.section(u'_', 1, 1);
        overlay->set(folder, -1, EditField::Gender, gender,
                     gender == "male" ? QStringLiteral("female") : QStringLiteral("male"));
        QVERIFY(workspace.saveOverlay(*overlay, &error));
        // The old run, reopened, knows who changed since.
        const FinderPlan plan = planErrorFinder(options);
        const auto before =
            finder::loadFinderResults(finder::FinderRun(plan.dir), m_tmp.filePath("ws-a"),
                                      loadEffectiveLabels(options.config.data).labels, {}, &error);
        QVERIFY2(before, qPrintable(error));
        QCOMPARE(before->changedPersons, QStringList{folder});
        // The person trains in 2 of the 3 folds: those retrain, the third is reused.
        QCOMPARE(plan.foldsToTrain, 2);
        QCOMPARE(plan.foldsReusable, 1);
        const Run run = find(options);
        QVERIFY2(run.outcome.ok, qPrintable(run.outcome.error));
        QCOMPARE(run.outcome.trainedFolds, 2);
        QCOMPARE(run.outcome.reusedFolds, 1);
        QVERIFY(run.outcome.results.changedPersons.isEmpty());
    }

    void aStoppedCallContinuesWhereItStopped()
    {
        const FinderOptions options = inWorkspace("ws-b");
        std::atomic<bool> stop{false};
        const Run stopped = find(options, &stop, [&stop](const FinderEvent &e) {
            if (e.kind == FinderEvent::Kind::Training && e.fold == 2 &&
                e.train.kind == TrainEvent::Kind::BatchDone && e.train.batch == 2)
                stop = true;
        });
        QVERIFY(stopped.outcome.cancelled);
        QVERIFY(!stopped.outcome.ok);
        QCOMPARE(stopped.outcome.trainedFolds, 1);
        QVERIFY(!QFile::exists(stopped.outcome.dir + "/oof.csv"));
        const FinderPlan plan = planErrorFinder(options);
        QCOMPARE(plan.foldsReusable, 1);
        QCOMPARE(plan.foldsToTrain, 2);
        const Run resumed = find(options);
        QVERIFY2(resumed.outcome.ok, qPrintable(resumed.outcome.error));
        QCOMPARE(resumed.started, QStringList({"fold 2: resuming", "fold 3: "}));
        QCOMPARE(resumed.outcome.reusedFolds, 1);
    }

    // Folds are found by their config's hash: the memory layout does not count, and a config
    // hashes as it did before train.memory_format existed (the hash below is that version's).
    void theLayoutDoesNotChangeWhichFoldsAreFound()
    {
        TrainConfig config;
        const QString before = finder::FinderRun::configHash(config, 5);
        QCOMPARE(before, QString("84cecc62f694"));
        config.train.memoryFormat = TrainingConfig::MemoryFormat::ChannelsLast;
        QCOMPARE(finder::FinderRun::configHash(config, 5), before);
        config.train.epochs += 1;
        QVERIFY(finder::FinderRun::configHash(config, 5) != before);
    }

    void aBadConfigIsRefusedBeforeAnyFold_data()
    {
        QTest::addColumn<int>("problem");
        QTest::addColumn<QString>("message");
        QTest::newRow("custom weights missing") << 0 << "loss.custom_weights";
        QTest::newRow("one fold") << 1 << "--folds: 1 is not allowed";
        QTest::newRow("no dataset") << 2 << "data.dataset is not set";
    }

    void aBadConfigIsRefusedBeforeAnyFold()
    {
        QFETCH(int, problem);
        QFETCH(QString, message);
        FinderOptions options = inWorkspace("ws-bad");
        if (problem == 0)
            options.config.loss.classWeights = LossConfig::ClassWeights::Custom;
        if (problem == 1)
            options.folds = 1;
        if (problem == 2)
            options.config.data.dataset.clear();
        const Run run = find(options);
        QVERIFY(!run.outcome.ok);
        QVERIFY2(run.outcome.error.contains(message), qPrintable(run.outcome.error));
        QCOMPARE(run.batches, 0);
        QVERIFY(!QFileInfo::exists(m_tmp.filePath("ws-bad/finder")));
    }

    void brokenPhotosAreSkippedByName()
    {
        const QString root = m_tmp.filePath("broken");
        QVERIFY(copyTree(m_root, root));
        const QString folder =
            QDir(root + "/train/images").entryList(QDir::Dirs | QDir::NoDotAndDotDot)[2];
        QVERIFY(writeFile(root + "/train/images/" + folder + "/mask2.jpg", "not a jpeg"));
        FinderOptions options = inWorkspace("ws-broken");
        options.config.data.dataset = root;
        const Run run = find(options);
        QVERIFY2(run.outcome.ok, qPrintable(run.outcome.error));
        QCOMPARE(run.outcome.skipped, QStringList{folder + "/mask2.jpg"});
        QCOMPARE(run.outcome.undecodable, QStringList{"train/images/" + folder + "/mask2.jpg"});
        QString error;
        const auto info = finder::FinderRun(run.outcome.dir).readInfo(&error);
        QVERIFY2(info, qPrintable(error));
        QCOMPARE(info->skipped, run.outcome.skipped);
    }
};

QTEST_GUILESS_MAIN(TestFinder)
#include "tst_finder.moc"
