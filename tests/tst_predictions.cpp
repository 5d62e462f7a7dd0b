// The model-free half of predicting: submission files read strictly and compared, the
// ensemble's mean and agreement, the eval set and its fingerprint, the stored predictions.

#include "evalpredictions.h"
#include "evalset.h"
#include "predictioncache.h"
#include "submission.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

namespace {

ClassProbabilities oneHot(int answer, float p)
{
    ClassProbabilities row{};
    row.fill((1.0f - p) / float(kClassCount - 1));
    row[size_t(answer)] = p;
    return row;
}

} // namespace

class TestPredictions : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = m_tmp.filePath(name);
        return writeFile(path, text) ? path : QString();
    }

    // An eval folder with info.csv and three image files (their bytes do not matter here).
    QString makeEval(const QString &name)
    {
        const QString dir = m_tmp.filePath(name);
        QDir().mkpath(dir + "/images");
        writeFile(dir + "/info.csv", "ImageID,ans\na.jpg,0\nb.jpg,0\nc.jpg,0\n");
        for (const char *id : {"a.jpg", "b.jpg", "c.jpg"})
            writeFile(dir + "/images/" + id, QByteArray("image ") + id);
        return dir;
    }

private slots:
    void readsASubmission()
    {
        const QString path = write("ok.csv", "ImageID,ans\r\na.jpg,3\nb.jpg,17\n\nc.jpg,0\n");
        QString error;
        const auto submission = readSubmissionFile(path, &error);
        QVERIFY2(submission, qPrintable(error));
        QCOMPARE(submission->ids, QStringList({"a.jpg", "b.jpg", "c.jpg"}));
        QCOMPARE(submission->answers, std::vector<int>({3, 17, 0}));
        QCOMPARE(submission->lines, std::vector<int>({2, 3, 5}));
    }

    void refusesABadSubmission_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("header") << QByteArray("id,answer\na.jpg,1\n") << "line 1: the header";
        QTest::newRow("no rows' header") << QByteArray("") << "line 1: the header";
        QTest::newRow("answer 18") << QByteArray("ImageID,ans\na.jpg,1\nb.jpg,18\n")
                                   << "line 3: the answer for b.jpg must be a class 0..17";
        QTest::newRow("negative") << QByteArray("ImageID,ans\na.jpg,-1\n") << "line 2:";
        QTest::newRow("not a number") << QByteArray("ImageID,ans\na.jpg,mask\n") << "\"mask\"";
        QTest::newRow("fraction") << QByteArray("ImageID,ans\na.jpg,2.5\n") << "\"2.5\"";
        QTest::newRow("duplicate") << QByteArray("ImageID,ans\na.jpg,1\nb.jpg,2\na.jpg,1\n")
                                   << "line 4: a.jpg is answered twice (first on line 2)";
        QTest::newRow("empty id") << QByteArray("ImageID,ans\n,1\n") << "line 2: the ImageID";
        QTest::newRow("three fields")
            << QByteArray("ImageID,ans\na.jpg,1,2\n") << "line 2: expected 2 fields";
        QTest::newRow("open quote") << QByteArray("ImageID,ans\n\"a.jpg,1\n") << "line 2:";
    }
    void refusesABadSubmission()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const QString path = write("bad.csv", text);
        QString error;
        QVERIFY(!readSubmissionFile(path, &error));
        QVERIFY2(error.startsWith(path + ": "), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void comparesTwoSubmissions()
    {
        // B answers in another order; a.jpg 3 -> 4, d.jpg 3 -> 4, c.jpg 0 -> 17.
        QString error;
        const auto a = readSubmissionFile(
            write("a.csv", "ImageID,ans\na.jpg,3\nb.jpg,5\nc.jpg,0\nd.jpg,3\ne.jpg,9\n"), &error);
        const auto b = readSubmissionFile(
            write("b.csv", "ImageID,ans\ne.jpg,9\nd.jpg,4\nc.jpg,17\nb.jpg,5\na.jpg,4\n"), &error);
        QVERIFY(a && b);
        const auto comparison = compareSubmissions(*a, *b, &error);
        QVERIFY2(comparison, qPrintable(error));
        QCOMPARE(comparison->images, 5);
        QCOMPARE(comparison->agreeing, 2);
        QCOMPARE(comparison->agreement(), 0.4);
        QCOMPARE(comparison->changes[3][4], 2);
        QCOMPARE(comparison->changes[0][17], 1);
        int total = 0;
        for (const auto &row : comparison->changes)
            for (int n : row)
                total += n;
        QCOMPARE(total, 3);
        QCOMPARE(comparison->changed.size(), size_t(3));
        QCOMPARE(comparison->changed[0].id, "a.jpg"); // in A's order
        QCOMPARE(comparison->changed[1].id, "c.jpg");
        const QString report = comparisonReport(*comparison, "a.csv", "b.csv");
        QVERIFY2(report.startsWith("2 of 5 answers agree (40.00%)"), qPrintable(report));
        // The most frequent change comes first.
        QVERIFY2(report.indexOf(className(3)) < report.indexOf(className(0)), qPrintable(report));
    }

    void refusesSubmissionsOfOtherImages()
    {
        QString error;
        const auto a =
            readSubmissionFile(write("a.csv", "ImageID,ans\na.jpg,3\nb.jpg,5\n"), &error);
        const auto missing = readSubmissionFile(write("m.csv", "ImageID,ans\na.jpg,3\n"), &error);
        const auto extra =
            readSubmissionFile(write("x.csv", "ImageID,ans\na.jpg,3\nb.jpg,5\nz.jpg,1\n"), &error);
        QVERIFY(a && missing && extra);
        QVERIFY(!compareSubmissions(*a, *missing, &error));
        QVERIFY2(error.contains("a.csv: line 3: b.jpg is not answered in"), qPrintable(error));
        QVERIFY(!compareSubmissions(*a, *extra, &error));
        QVERIFY2(error.contains("x.csv: line 4: z.jpg is not answered in"), qPrintable(error));
    }

    void theEnsembleIsTheMeanOfItsMembers()
    {
        // Image 0: both say class 2. Image 1: member 1 says 5 (0.9), member 2 says 7 (0.6):
        // the mean says 5 and one member agrees. Image 2 did not decode.
        const std::vector<ClassProbabilities> first = {oneHot(2, 0.8f), oneHot(5, 0.9f),
                                                       ClassProbabilities{}};
        const std::vector<ClassProbabilities> second = {oneHot(2, 0.6f), oneHot(7, 0.6f),
                                                        ClassProbabilities{}};
        const EvalPredictions predictions({"a", "b", "c"}, {first, second}, {true, true, false});
        QCOMPARE(predictions.memberCount(), 2);
        for (int c = 0; c < kClassCount; ++c)
            QCOMPARE(predictions.probabilities(1)[size_t(c)],
                     0.5f * (first[1][size_t(c)] + second[1][size_t(c)]));
        QCOMPARE(predictions.answer(0), 2);
        QCOMPARE(predictions.confidence(0), 0.7f);
        QCOMPARE(predictions.membersAgreeing(0), 2);
        QCOMPARE(predictions.answer(1), 5);
        QCOMPARE(predictions.membersAgreeing(1), 1);
        QCOMPARE(predictions.answer(2), 0);
        QCOMPARE(predictions.confidence(2), 0.0f);
        QCOMPARE(predictions.undecodable(), QStringList{"c"});
        QCOMPARE(predictions.answers(), std::vector<int>({2, 5, 0}));
        const auto counts = predictions.answerCounts();
        QCOMPARE(counts[2] + counts[5], 2); // the undecodable image is not counted
    }

    void probabilitiesFileRoundTrips()
    {
        const std::vector<ClassProbabilities> rows = {oneHot(1, 0.5f), oneHot(17, 0.25f)};
        const QString path = write("p.csv", probabilitiesText({"a,b.jpg", "c.jpg"}, rows).toUtf8());
        QString error;
        const auto read = readProbabilitiesFile(path, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->first, QStringList({"a,b.jpg", "c.jpg"}));
        QCOMPARE(read->second, rows);
        QString text = QString::fromUtf8(readFile(path));
        text.replace("0.25", "1.25");
        writeFile(path, text.toUtf8());
        QVERIFY(!readProbabilitiesFile(path, &error));
        QVERIFY2(error.contains(": line 3: p17 must be a probability, found \"1.25\""),
                 qPrintable(error));
    }

    void readsTheEvalSet_data()
    {
        QTest::addColumn<QByteArray>("info");
        QTest::addColumn<QString>("message"); // empty: it reads
        QTest::newRow("fine") << QByteArray("ImageID,ans\na.jpg,0\nb.jpg,0\n") << QString();
        QTest::newRow("no ImageID") << QByteArray("Image,ans\na.jpg,0\n") << "line 1: no ImageID";
        QTest::newRow("twice") << QByteArray("ImageID,ans\na.jpg,0\na.jpg,0\n")
                               << "line 3: ImageID a.jpg is listed twice";
        QTest::newRow("outside") << QByteArray("ImageID,ans\n../../etc/passwd,0\n")
                                 << "line 2: ImageID \"../../etc/passwd\" is not a file name";
        QTest::newRow("empty") << QByteArray("ImageID,ans\n,0\n") << "line 2:";
    }
    void readsTheEvalSet()
    {
        QFETCH(QByteArray, info);
        QFETCH(QString, message);
        const QString root = m_tmp.filePath("root");
        QDir().mkpath(root + "/eval");
        writeFile(root + "/eval/info.csv", info);
        QString error;
        const auto eval = readEvalSet(root, &error); // the dataset root finds eval/
        QCOMPARE(bool(eval), message.isEmpty());
        if (eval) {
            QCOMPARE(eval->dir, QDir(root + "/eval").absolutePath());
            QCOMPARE(eval->imagePath(1), eval->dir + "/images/b.jpg");
        } else {
            QVERIFY2(error.contains("info.csv: " + message), qPrintable(error));
        }
    }

    void storedPredictionsComeBackUntilTheEvalSetChanges()
    {
        const QString evalDir = makeEval("eval-cache");
        const QString run = m_tmp.filePath("run-1");
        QDir().mkpath(run);
        writeFile(run + "/best.pt", "weights");
        PredictionRequest request;
        request.members = {{run, "best", "run-1"}};
        request.evalDir = evalDir;
        QString error;
        auto eval = readEvalSet(evalDir, &error);
        QVERIFY(eval);
        const auto key = PredictionCache::key(request, *eval, &error);
        QVERIFY2(key, qPrintable(error));
        const PredictionCache cache(m_tmp.filePath("predictions"));
        QVERIFY(!cache.load(*key, *eval));
        const EvalPredictions stored(eval->ids,
                                     {{oneHot(4, 0.9f), ClassProbabilities{}, oneHot(9, 0.5f)}},
                                     {true, false, true});
        QVERIFY2(cache.store(*key, request, *eval, stored, &error), qPrintable(error));
        const auto loaded = cache.load(*key, *eval);
        QVERIFY(loaded);
        QCOMPARE(loaded->answers(), stored.answers());
        QCOMPARE(loaded->undecodable(), QStringList{"b.jpg"}); // the row of zeros
        QCOMPARE(cache.list().size(), size_t(1));
        QCOMPARE(cache.list().front().request.description(), "run-1 (best)");
        QCOMPARE(cache.list().front().request.evalDir, eval->dir); // absolute

        // Flip TTA or a retrained checkpoint is another key; a changed image, another set.
        request.flipTta = true;
        QVERIFY(PredictionCache::key(request, *eval, &error) != key);
        request.flipTta = false;
        QVERIFY(writeFile(evalDir + "/images/b.jpg", "another image"));
        QVERIFY(PredictionCache::key(request, *eval, &error) != key);
        QVERIFY(!cache.load(*key, *eval));
        // A missing checkpoint is named.
        request.members.front().checkpoint = "last";
        QVERIFY(!PredictionCache::key(request, *eval, &error));
        QVERIFY2(error.contains("run-1: the run has no last checkpoint"), qPrintable(error));
    }

    void aFolderOfFoldsIsAGroup()
    {
        const QString job = m_tmp.filePath("finder-job");
        for (int fold : {1, 2, 10})
            QVERIFY(writeFile(job + QString("/fold-%1/config.yaml").arg(fold), "{}"));
        QString error;
        const auto members = membersAt(job, "last", &error);
        QVERIFY2(members, qPrintable(error));
        QCOMPARE(members->size(), size_t(3));
        QCOMPARE(members->back().name, "finder-job/fold-10");
        QCOMPARE(members->back().checkpoint, "last");
        const auto one = membersAt(job + "/fold-2", "best", &error);
        QVERIFY(one && one->size() == 1);
        QVERIFY(!membersAt(m_tmp.filePath("nothing"), "best", &error));
        QVERIFY2(error.contains("not a run folder"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestPredictions)
#include "tst_predictions.moc"
