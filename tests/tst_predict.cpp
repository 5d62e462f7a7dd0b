// Predicting the eval set with trained runs: the submission files, an ensemble (its tables are
// its members' own, its answer their mean), flip TTA, the stored predictions that spare the
// models a second time, and the runs that cannot be averaged.

#include "csvtable.h"
#include "testsupport.h"
#include "trainer.h"

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

namespace {

float largestDifference(const EvalPredictions &a, int memberOfA, const EvalPredictions &b)
{
    float largest = 0;
    for (int i = 0; i < a.imageCount(); ++i)
        for (int c = 0; c < kClassCount; ++c)
            largest = std::max(largest, std::abs(a.memberProbabilities(memberOfA, i)[size_t(c)] -
                                                 b.probabilities(i)[size_t(c)]));
    return largest;
}

} // namespace

class TestPredict : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;

    PredictionRequest request(const QStringList &runs, bool flip = false) const
    {
        PredictionRequest r;
        for (const QString &run : runs)
            r.members.push_back({m_tmp.filePath(run), "best", run});
        r.flipTta = flip;
        r.evalDir = m_root;
        return r;
    }

    EvalPredictions predicted(const PredictionRequest &r, const QString &cache = {})
    {
        const PredictionOutcome outcome = predictEval(r, cache);
        if (!outcome.predictions)
            qWarning("%s", qPrintable(outcome.error));
        return outcome.predictions.value_or(EvalPredictions());
    }

private slots:
    void initTestCase()
    {
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 24, 2, 0, false, 96, 128));
        TrainConfig config = tinyTrainConfig(m_root, 1);
        config.model.head = ModelConfig::Head::Single;
        // a and c read images alike (one pass for both); b has another size and three heads.
        QVERIFY(train(config, m_tmp.filePath("a"), {}).ok);
        config.train.seed = 7;
        QVERIFY(train(config, m_tmp.filePath("c"), {}).ok);
        config.data.inputWidth = 24;
        config.data.inputHeight = 32;
        config.model.head = ModelConfig::Head::Multi;
        QVERIFY(train(config, m_tmp.filePath("b"), {}).ok);
    }

    void writesTheSubmission()
    {
        // One eval image broken: reported, still answered, the row order kept.
        const CsvTable info = parseCsv(readFile(m_root + "/eval/info.csv"));
        const QString brokenId = info.records[3].fields[0];
        const QByteArray original = readFile(m_root + "/eval/images/" + brokenId);
        QVERIFY(writeFile(m_root + "/eval/images/" + brokenId, "not a jpeg"));
        const QString out = m_tmp.filePath("submission.csv");
        qint64 reportedDone = -1, reportedTotal = -1;
        ProgressSink progress;
        progress.report = [&](const QString &, qint64 done, qint64 total) {
            reportedDone = done;
            reportedTotal = total;
        };
        const PredictResult result = predictToFiles(request({"a"}), out, {}, progress);
        QVERIFY(writeFile(m_root + "/eval/images/" + brokenId, original));
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.images, 14);
        QCOMPARE(reportedTotal, qint64(14));
        QCOMPARE(reportedDone, qint64(14)); // the broken image counts as done too
        QCOMPARE(result.undecodable, QStringList{brokenId});
        const CsvTable submission = parseCsv(readFile(out));
        QCOMPARE(submission.header, QStringList({"ImageID", "ans"}));
        QCOMPARE(submission.records.size(), info.records.size());
        for (size_t i = 0; i < info.records.size(); ++i)
            QCOMPARE(submission.records[i].fields[0], info.records[i].fields[0]);
        QCOMPARE(submission.records[3].fields[1], "0");
        const CsvTable probabilities = parseCsv(readFile(result.probabilitiesPath));
        QCOMPARE(probabilities.header.size(), 19);
        double sum = 0;
        for (int c = 1; c <= 18; ++c)
            sum += probabilities.records[0].fields[c].toDouble();
        QVERIFY(qAbs(sum - 1.0) < 1e-3);
        PredictionRequest worst = request({"a"});
        worst.members.front().checkpoint = "worst";
        QVERIFY(!predictToFiles(worst, out, {}).ok);
        PredictionRequest evalFolder = request({"a"});
        evalFolder.evalDir = m_root + "/eval"; // the eval folder itself works too
        QVERIFY(predictToFiles(evalFolder, out, {}).ok);
    }

    void cancelWritesNothing()
    {
        std::atomic<bool> cancel{false};
        ProgressSink cancelling;
        cancelling.cancel = &cancel;
        cancelling.report = [&](const QString &, qint64, qint64) { cancel = true; };
        const QString out = m_tmp.filePath("cancelled.csv");
        const QString cache = m_tmp.filePath("cancelled-cache");
        const PredictResult result = predictToFiles(request({"a"}), out, cache, cancelling);
        QVERIFY(!result.ok);
        QVERIFY(result.error.contains("cancelled"));
        QVERIFY(!QFile::exists(out));
        QVERIFY(PredictionCache(cache).list().empty());
    }

    void anEnsembleIsTheMeanOfItsMembers()
    {
        const EvalPredictions a = predicted(request({"a"}));
        const EvalPredictions b = predicted(request({"b"}));
        const EvalPredictions c = predicted(request({"c"}));
        qint64 total = 0;
        ProgressSink progress;
        progress.report = [&](const QString &, qint64, qint64 t) { total = t; };
        const PredictionOutcome outcome = predictEval(request({"a", "b", "c"}), {}, progress);
        QVERIFY2(outcome.predictions, qPrintable(outcome.error));
        const EvalPredictions &ensemble = *outcome.predictions;
        QCOMPARE(ensemble.memberCount(), 3);
        QCOMPARE(total, qint64(2 * 14)); // a and c share one pass over the images
        QCOMPARE(outcome.imagesForwarded, qint64(3 * 14));
        // Each member's table is what the run predicts alone; the answer comes from the mean.
        QVERIFY(largestDifference(ensemble, 0, a) < 1e-6f);
        QVERIFY(largestDifference(ensemble, 1, b) < 1e-6f);
        QVERIFY(largestDifference(ensemble, 2, c) < 1e-6f);
        for (int i = 0; i < ensemble.imageCount(); ++i)
            for (int k = 0; k < kClassCount; ++k) {
                const float mean = (a.probabilities(i)[size_t(k)] + b.probabilities(i)[size_t(k)] +
                                    c.probabilities(i)[size_t(k)]) /
                                   3.0f;
                QVERIFY(std::abs(ensemble.probabilities(i)[size_t(k)] - mean) < 1e-6f);
            }
    }

    void flipTtaAveragesTheMirror()
    {
        // On images that are their own mirror, flipping changes nothing...
        const QString sym = m_tmp.filePath("sym");
        const CsvTable info = parseCsv(readFile(m_root + "/eval/info.csv"));
        QByteArray csv = "ImageID,ans\n";
        for (int i = 0; i < 4; ++i) {
            QImage image(m_root + "/eval/images/" + info.records[size_t(i)].fields[0]);
            QVERIFY(!image.isNull());
            image = image.convertToFormat(QImage::Format_RGB888);
            for (int y = 0; y < image.height(); ++y)
                for (int x = image.width() / 2; x < image.width(); ++x)
                    image.setPixel(x, y, image.pixel(image.width() - 1 - x, y));
            const QString id = QString("sym%1.png").arg(i);
            QDir().mkpath(sym + "/images");
            QVERIFY(image.save(sym + "/images/" + id));
            csv += id.toUtf8() + ",0\n";
        }
        QVERIFY(writeFile(sym + "/info.csv", csv));
        PredictionRequest plain = request({"a", "b"});
        plain.evalDir = sym;
        PredictionRequest flipped = plain;
        flipped.flipTta = true;
        const EvalPredictions p = predicted(plain), f = predicted(flipped);
        QCOMPARE(f.imageCount(), 4);
        for (int m = 0; m < 2; ++m)
            for (int i = 0; i < 4; ++i)
                for (int c = 0; c < kClassCount; ++c)
                    QVERIFY(std::abs(p.memberProbabilities(m, i)[size_t(c)] -
                                     f.memberProbabilities(m, i)[size_t(c)]) < 1e-5f);
        // ...on the real ones it does.
        const EvalPredictions real = predicted(request({"a"})),
                              realFlipped = predicted(request({"a"}, true));
        QVERIFY(largestDifference(realFlipped, 0, real) > 1e-3f);
    }

    void storedPredictionsSpareTheModels()
    {
        const QString cache = m_tmp.filePath("workspace/predictions");
        const PredictionOutcome first = predictEval(request({"a", "b"}, true), cache);
        QVERIFY2(first.predictions, qPrintable(first.error));
        QVERIFY(!first.fromCache);
        QCOMPARE(first.imagesForwarded, qint64(2 * 2 * 14));
        const PredictionOutcome again = predictEval(request({"b", "a"}, true), cache);
        QVERIFY(again.predictions);
        QVERIFY(again.fromCache);
        QCOMPARE(again.imagesForwarded, qint64(0));
        QCOMPARE(again.cacheKey, first.cacheKey);
        QCOMPARE(again.predictions->answers(), first.predictions->answers());
        // Without TTA it is another prediction.
        const PredictionOutcome plain = predictEval(request({"a", "b"}), cache);
        QVERIFY(!plain.fromCache);
        QCOMPARE(PredictionCache(cache).list().size(), size_t(2));
    }

    void runsOfOtherClassesAreRefused()
    {
        const QString other = m_tmp.filePath("other-ages");
        QVERIFY(copyTree(m_tmp.filePath("a"), other));
        QString config = QString::fromUtf8(readFile(other + "/config.yaml"));
        QVERIFY2(config.contains("age_middle_from: 30"), qPrintable(config)); // recorded
        config.replace("age_middle_from: 30", "age_middle_from: 25");
        QVERIFY(writeFile(other + "/config.yaml", config.toUtf8()));
        const PredictionOutcome outcome = predictEval(request({"a", "other-ages"}), {});
        QVERIFY(!outcome.predictions);
        QVERIFY2(outcome.error.contains("run other-ages groups ages as <25, 25-59, >=60 but run "
                                        "a as <30, 30-59, >=60"),
                 qPrintable(outcome.error));
        const PredictionOutcome missing = predictEval(request({"a", "nowhere"}), {});
        QVERIFY2(missing.error.contains("nowhere: the run has no best checkpoint"),
                 qPrintable(missing.error));
    }

    void aLibraryFailureFailsThePrediction()
    {
        const QString cache = m_tmp.filePath("cache-fault");
        qputenv("MASKLAB_INJECT_FAULT", "predict-batch:cuda-oom");
        const PredictionOutcome outcome = predictEval(request({"a"}), cache);
        qunsetenv("MASKLAB_INJECT_FAULT");
        QVERIFY(!outcome.predictions);
        QVERIFY2(outcome.error.startsWith("the GPU ran out of memory"), qPrintable(outcome.error));
        // Nothing half-made was stored: the same request now runs the model.
        const PredictionOutcome again = predictEval(request({"a"}), cache);
        QVERIFY(again.predictions && !again.fromCache);
    }
};

QTEST_GUILESS_MAIN(TestPredict)
#include "tst_predict.moc"
