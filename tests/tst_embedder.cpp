// Embedding a run's photos: the vectors are the model's penultimate layer for each photo (the
// same as a direct forward pass), the workspace spares the model for unchanged photos and
// embeds a changed one alone, and a missing or damaged checkpoint or an undecodable photo is
// said, not hidden.

#include "embedder.h"
#include "embeddingcache.h"
#include "imagepipeline.h"
#include "models.h"
#include "runfiles.h"
#include "testsupport.h"
#include "trainer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

class TestEmbedder : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;
    QString m_run;

    EmbeddingRequest request(bool eval, const QString &cache = {}) const
    {
        EmbeddingRequest r;
        r.runDir = m_run;
        r.eval = eval;
        r.cacheDir = cache;
        return r;
    }

    static int rowOf(const EmbeddingTable &table, const QString &path)
    {
        for (int i = 0; i < table.size(); ++i)
            if (table.photos[size_t(i)].path == path)
                return i;
        return -1;
    }

private slots:
    void initTestCase()
    {
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 12, 2, 0, false, 96, 128));
        m_run = m_tmp.filePath("run");
        QVERIFY(train(tinyTrainConfig(m_root, 1), m_run, {}).ok);
    }

    void embeddingsAreTheModelsPenultimateLayer()
    {
        const EmbeddingOutcome outcome = embedPhotos(request(true));
        QVERIFY2(outcome.table, qPrintable(outcome.error));
        const EmbeddingTable &table = *outcome.table;
        QCOMPARE(table.size(), 12 * 7 + 2 * 7);
        QCOMPARE(outcome.computed, table.size());
        int splits[3] = {};
        for (const EmbeddedPhoto &p : table.photos)
            ++splits[int(p.split)];
        QVERIFY(splits[0] > 0 && splits[1] > 0);
        QCOMPARE(splits[2], 14);

        // One photo through the model by hand, as prediction reads it.
        TrainConfig config;
        QString error;
        const RunFiles files(m_run);
        QVERIFY(files.readConfig(&config, &error));
        Classifier model = makeClassifier(config);
        QVERIFY2(files.loadWeights("best.pt", model, &error), qPrintable(error));
        model->eval();
        torch::NoGradGuard noGrad;
        const PipelineOptions o = pipelineOptions(config, false);
        for (int row : {0, table.size() - 1}) {
            const EmbeddedPhoto &photo = table.photos[size_t(row)];
            std::vector<float> pixels(size_t(3 * o.height * o.width));
            QVERIFY(loadSample(m_root + u'/' + photo.path, o, 0, pixels.data()));
            const torch::Tensor direct =
                model->embed(torch::from_blob(pixels.data(), {1, 3, o.height, o.width}))[0];
            QCOMPARE(int(direct.size(0)), table.dims);
            const torch::Tensor stored = torch::from_blob(const_cast<float *>(table.row(row)),
                                                          {table.dims}, torch::kFloat32);
            QVERIFY2(torch::allclose(direct, stored, 1e-4, 1e-5), qPrintable(photo.path));
        }
        // The labels are those in effect: a train photo's class, -1 for eval photos.
        QVERIFY(table.photos.front().label >= 0);
        QCOMPARE(table.photos.back().label, -1);
        // And each photo's answer is the model's: the same as forward() gives.
        for (int row : {0, table.size() - 1}) {
            const EmbeddedPhoto &photo = table.photos[size_t(row)];
            std::vector<float> pixels(size_t(3 * o.height * o.width));
            QVERIFY(loadSample(m_root + u'/' + photo.path, o, 0, pixels.data()));
            const torch::Tensor logits =
                model->forward(torch::from_blob(pixels.data(), {1, 3, o.height, o.width}));
            QCOMPARE(photo.predicted, int(logits.argmax(1).item<int64_t>()));
        }
    }

    void theWorkspaceEmbedsOnlyChangedPhotos()
    {
        const QString cache = m_tmp.filePath("ws/embeddings");
        const EmbeddingOutcome first = embedPhotos(request(true, cache));
        QVERIFY2(first.table, qPrintable(first.error));
        QCOMPARE(first.reused, 0);
        const EmbeddingOutcome second = embedPhotos(request(true, cache));
        QCOMPARE(second.computed, 0);
        QCOMPARE(second.reused, first.table->size());
        QCOMPARE(second.table->values, first.table->values);

        // Another photo in one file's place: that photo alone runs through the model.
        const QString changed = first.table->photos[3].path;
        const QString other = first.table->photos[40].path;
        QFile::remove(m_root + u'/' + changed);
        QVERIFY(QFile::copy(m_root + u'/' + other, m_root + u'/' + changed));
        const EmbeddingOutcome third = embedPhotos(request(true, cache));
        QVERIFY2(third.table, qPrintable(third.error));
        QCOMPARE(third.computed, 1);
        // Its vector is now the other photo's (up to the batch's rounding).
        const float *now = third.table->row(rowOf(*third.table, changed));
        const float *twin = third.table->row(rowOf(*third.table, other));
        for (int d = 0; d < third.table->dims; ++d)
            QVERIFY(std::abs(now[d] - twin[d]) < 1e-4f + 1e-4f * std::abs(twin[d]));
        QVERIFY(!std::equal(now, now + third.table->dims, first.table->row(3)));
    }

    void storedVectorsOfAnotherWidthAreMadeAgain()
    {
        const QString cache = m_tmp.filePath("ws2/embeddings");
        const EmbeddingOutcome first = embedPhotos(request(false, cache));
        QVERIFY2(first.table, qPrintable(first.error));
        QStringList paths;
        for (const EmbeddedPhoto &p : first.table->photos)
            paths << QFileInfo(m_root + u'/' + p.path).absoluteFilePath();
        QString error;
        const std::optional<QString> key = EmbeddingCache::key({m_run + "/best.pt"}, &error);
        QVERIFY(key);
        // The same key, vectors 3 wide: what a damaged entry would read as.
        QVERIFY(EmbeddingCache(cache).store(*key, paths, 3,
                                            std::vector<float>(size_t(paths.size()) * 3, 1.f),
                                            std::vector<int>(size_t(paths.size()), 0), &error));
        const EmbeddingOutcome again = embedPhotos(request(false, cache));
        QVERIFY2(again.table, qPrintable(again.error));
        QCOMPARE(again.computed, first.table->size());
        QCOMPARE(again.table->dims, first.table->dims);
    }

    void aMissingOrDamagedCheckpointEmbedsNothing()
    {
        const QString run = m_tmp.filePath("damaged");
        QVERIFY(copyTree(m_run, run));
        EmbeddingRequest r = request(false);
        r.runDir = run;
        r.checkpoint = "last";
        QVERIFY(QFile::remove(run + "/last.pt"));
        EmbeddingOutcome outcome = embedPhotos(r);
        QVERIFY(!outcome.table);
        QVERIFY2(outcome.error.contains("last.pt") && outcome.error.contains("missing"),
                 qPrintable(outcome.error));
        QVERIFY(writeFile(run + "/last.pt", randomBytes(4000, 1)));
        outcome = embedPhotos(r);
        QVERIFY(!outcome.table);
        QVERIFY2(outcome.error.contains("last.pt"), qPrintable(outcome.error));
        QCOMPARE(outcome.computed, 0);
    }

    void undecodablePhotosAreLeftOffAndCounted()
    {
        const QString root = m_tmp.filePath("broken");
        QVERIFY(copyTree(m_root, root));
        const QString run = m_tmp.filePath("broken-run");
        QVERIFY(copyTree(m_run, run));
        QString text = QString::fromUtf8(readFile(run + "/config.yaml"));
        text.replace(m_root, root);
        QVERIFY(writeFile(run + "/config.yaml", text.toUtf8()));
        const QString eval = QDir(root + "/eval/images").entryList(QDir::Files).first();
        QVERIFY(writeFile(root + "/eval/images/" + eval, "not a photo"));
        EmbeddingRequest r = request(true);
        r.runDir = run;
        const EmbeddingOutcome outcome = embedPhotos(r);
        QVERIFY2(outcome.table, qPrintable(outcome.error));
        QCOMPARE(outcome.undecodable.size(), 1);
        QVERIFY(outcome.undecodable.first().endsWith(eval));
        QCOMPARE(outcome.table->size(), 12 * 7 + 2 * 7 - 1);
        QCOMPARE(rowOf(*outcome.table, "eval/images/" + eval), -1);
    }

    void cancelStopsEmbedding()
    {
        std::atomic<bool> cancel{true};
        ProgressSink progress;
        progress.cancel = &cancel;
        const EmbeddingOutcome outcome = embedPhotos(request(true), progress);
        QVERIFY(outcome.cancelled);
        QVERIFY(!outcome.table);
    }
};

QTEST_GUILESS_MAIN(TestEmbedder)
#include "tst_embedder.moc"
