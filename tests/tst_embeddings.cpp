// The model-free half of the embeddings: the table's files (CSV and .npy) and their damage, the
// workspace cache (key, partial recompute), principal components against a hand-made example,
// the map (clusters stay apart where two principal components mix them), and "more like this".

#include "embeddingcache.h"
#include "embeddingmap.h"
#include "pca.h"
#include "random.h"
#include "testsupport.h"
#include "trainedmodels.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace masklab;
using namespace masklab::test;

namespace {

EmbeddingTable smallTable()
{
    EmbeddingTable t;
    t.dims = 3;
    t.photos = {
        {"train/images/000001_male_Asian_20/mask1.jpg", PhotoSplit::Train, 0, 0, 3, 4},
        {"train/images/000002_female, Asian_61/normal.jpg", PhotoSplit::Validation, 1, 6, 17},
        {"eval/images/abc.jpg", PhotoSplit::Eval, -1, -1, -1}};
    t.values = {1.f, 0.f, 0.25f, 0.9f, 0.1f, 1e-7f, -3.5f, 2.f, 123456.789f};
    return t;
}

// points x dims around `clusters` centres that are the corners of a simplex (every centre
// equally far from every other), so no two directions show all of them apart.
EmbeddingTable clusterTable(int clusters, int perCluster, int dims, std::vector<int> *truth)
{
    Rng rng(3);
    EmbeddingTable t;
    t.dims = dims;
    for (int c = 0; c < clusters; ++c)
        for (int p = 0; p < perCluster; ++p) {
            t.photos.push_back({QStringLiteral("p%1-%2").arg(c).arg(p), PhotoSplit::Train});
            truth->push_back(c);
            for (int d = 0; d < dims; ++d)
                t.values.push_back(float((d == c ? 4.0 : 0.0) + rng.uniform(-1, 1)));
        }
    return t;
}

// The share of points whose k nearest on the map all belong to their own cluster's majority.
double clusterPurity(const std::vector<float> &map, const std::vector<int> &truth, int k)
{
    const NeighbourSearch search(map, int(truth.size()), 2, true);
    double same = 0;
    for (size_t i = 0; i < truth.size(); ++i)
        for (const auto &[j, distance] : search.nearest(map.data() + i * 2, k + 1))
            if (j != int(i))
                same += truth[size_t(j)] == truth[i];
    return same / (double(truth.size()) * k);
}

} // namespace

class TestEmbeddings : public QObject
{
    Q_OBJECT
private slots:
    void tableRoundTrips_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("csv") << "e.csv";
        QTest::newRow("npy") << "e.npy";
    }
    void tableRoundTrips()
    {
        QFETCH(QString, file);
        QTemporaryDir tmp;
        const EmbeddingTable written = smallTable();
        QString error;
        QVERIFY2(writeEmbeddings(written, tmp.filePath(file), &error), qPrintable(error));
        const std::optional<EmbeddingTable> read = readEmbeddings(tmp.filePath(file), &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->dims, 3);
        QCOMPARE(read->values, written.values); // exactly: 9 digits round-trip a float
        QCOMPARE(read->size(), 3);
        for (size_t i = 0; i < 3; ++i) {
            QCOMPARE(read->photos[i].path, written.photos[i].path);
            QCOMPARE(read->photos[i].split, written.photos[i].split);
            QCOMPARE(read->photos[i].label, written.photos[i].label);
            QCOMPARE(read->photos[i].slot, written.photos[i].slot);
            QCOMPARE(read->photos[i].predicted, written.photos[i].predicted);
        }
    }

    void theNpyHeaderIsNumPys()
    {
        QTemporaryDir tmp;
        QString error;
        QVERIFY(writeEmbeddings(smallTable(), tmp.filePath("e.npy"), &error));
        const QByteArray bytes = readFile(tmp.filePath("e.npy"));
        QVERIFY(bytes.startsWith(QByteArray("\x93NUMPY\x01\x00", 8)));
        const int dataStart = 10 + int(quint8(bytes[8])) + 256 * int(quint8(bytes[9]));
        QCOMPARE(dataStart % 64, 0);
        QVERIFY(bytes.mid(10).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, "
                                         "3), }"));
        QCOMPARE(bytes.size(), dataStart + 9 * 4);
    }

    void damagedFilesAreNamed()
    {
        QTemporaryDir tmp;
        QString error;
        const QString csv = tmp.filePath("bad.csv");
        QVERIFY(writeFile(csv, "path,split,person,slot,label,predicted,f0\n"
                               "a.jpg,train,0,0,1,1,0.5\nb.jpg,train,1,0,2,2,x\n"));
        QVERIFY(!readEmbeddings(csv, &error));
        QVERIFY2(error.contains(csv) && error.contains("line 3") && error.contains("f0"),
                 qPrintable(error));
        QVERIFY(writeFile(csv, "path,split,person,slot,label,predicted,f0\n"
                               "a.jpg,test,0,0,1,1,0.5\n"));
        QVERIFY(!readEmbeddings(csv, &error));
        QVERIFY2(error.contains("line 2") && error.contains("split"), qPrintable(error));

        const QString npy = tmp.filePath("e.npy");
        QVERIFY(writeEmbeddings(smallTable(), npy, &error));
        QByteArray bytes = readFile(npy);
        QVERIFY(writeFile(npy, bytes.left(bytes.size() - 4)));
        QVERIFY(!readEmbeddings(npy, &error));
        QVERIFY2(error.contains(npy) && error.contains("cut short"), qPrintable(error));
        QVERIFY(writeFile(npy, bytes));
        QVERIFY(writeFile(rowsFileFor(npy),
                          "path,split,person,slot,label,predicted\na.jpg,eval,-1,-1,-1,-1\n"));
        QVERIFY(!readEmbeddings(npy, &error));
        QVERIFY2(error.contains("1 photos") && error.contains("3 rows"), qPrintable(error));
    }

    void theCacheEmbedsOnlyChangedPhotos()
    {
        QTemporaryDir tmp;
        QStringList photos;
        for (int i = 0; i < 3; ++i) {
            photos << tmp.filePath(QStringLiteral("p%1.jpg").arg(i));
            QVERIFY(writeFile(photos.last(), "photo " + QByteArray::number(i)));
        }
        QVERIFY(writeFile(tmp.filePath("best.pt"), "weights"));
        QString error;
        const std::optional<QString> key = EmbeddingCache::key({tmp.filePath("best.pt")}, &error);
        QVERIFY2(key, qPrintable(error));
        const EmbeddingCache cache(tmp.filePath("embeddings"));
        QCOMPARE(cache.load(*key, photos).foundCount(), 0);
        const std::vector<float> values = {1, 2, 3, 4, 5, 6};
        QVERIFY2(cache.store(*key, photos, 2, values, {7, 8, 9}, &error), qPrintable(error));

        StoredVectors stored = cache.load(*key, {photos[2], photos[0], photos[1]});
        QCOMPARE(stored.foundCount(), 3);
        QCOMPARE(stored.values, (std::vector<float>{5, 6, 1, 2, 3, 4}));
        QCOMPARE(stored.predicted, (std::vector<int>{9, 7, 8}));

        QVERIFY(writeFile(photos[1], "a changed photo")); // another size: embedded again
        stored = cache.load(*key, photos);
        QCOMPARE(stored.found, (std::vector<bool>{true, false, true}));
        QCOMPARE(stored.values[4], 5.f);

        QTest::qWait(20); // another modification time: another model
        QVERIFY(writeFile(tmp.filePath("best.pt"), "weights"));
        const std::optional<QString> retrained =
            EmbeddingCache::key({tmp.filePath("best.pt")}, &error);
        QVERIFY(retrained && *retrained != *key);
        QCOMPARE(cache.load(*retrained, photos).foundCount(), 0);

        // Storing a part keeps the rest (a map without eval photos keeps their vectors).
        QVERIFY(cache.store(*retrained, photos, 2, values, {7, 8, 9}, &error));
        QVERIFY(cache.store(*retrained, {photos[0]}, 2, {10, 11}, {4}, &error));
        stored = cache.load(*retrained, photos);
        QCOMPARE(stored.foundCount(), 3);
        QCOMPARE(stored.values, (std::vector<float>{10, 11, 3, 4, 5, 6}));
        QCOMPARE(stored.predicted, (std::vector<int>{4, 8, 9}));
        // An index pointing past the vectors is no entry: everything is embedded again.
        const QString index = tmp.filePath("embeddings/" + *retrained + "/photos.csv");
        QByteArray damaged = readFile(index);
        damaged.replace(damaged.indexOf(",0,4\n"), 5, ",99,4\n"); // photo 0's row: 0 -> 99
        QVERIFY(writeFile(index, damaged));
        QCOMPARE(cache.load(*retrained, photos).foundCount(), 0);

        QVERIFY(!EmbeddingCache::key({tmp.filePath("last.pt")}, &error));
        QVERIFY2(error.contains("last.pt") && error.contains("missing"), qPrintable(error));
    }

    void theWorkspacesModelsAreItsRunsThenItsFolds()
    {
        QTemporaryDir ws;
        for (const char *file : {"runs/a/best.pt", "runs/b/last.pt", "finder/x/fold-2/best.pt",
                                 "finder/x/fold-1/best.pt", "finder/x/fold-3/config.yaml"}) {
            QVERIFY(QDir().mkpath(QFileInfo(ws.filePath(file)).path()));
            QVERIFY(writeFile(ws.filePath(file), "x"));
        }
        QStringList names;
        for (const TrainedModel &model : trainedModels(ws.path())) {
            names << model.name;
            QVERIFY(QFileInfo::exists(model.dir + "/best.pt"));
        }
        QCOMPARE(names, QStringList({"a", "finder x / fold-1", "finder x / fold-2"}));
    }

    void principalComponentsOfAHandMadeExample()
    {
        // Covariance [[5, 4], [4, 5]]: variance 9 along (1, 1), 1 along (1, -1).
        const std::vector<float> points = {3, 3, -3, -3, 1, -1, -1, 1};
        const PcaProjection p = projectOnPrincipalComponents(points, 4, 2, 2);
        QCOMPARE(p.components, 2);
        QVERIFY(std::abs(p.explained[0] - 0.9) < 1e-6);
        QVERIFY(std::abs(p.explained[1] - 0.1) < 1e-6);
        const float r = 3 * std::sqrt(2.f);
        const std::vector<float> first = {r, -r, 0, 0},
                                 second = {0, 0, std::sqrt(2.f), -std::sqrt(2.f)};
        for (int i = 0; i < 4; ++i) { // each axis up to its sign
            QVERIFY(std::abs(std::abs(p.points[size_t(i) * 2]) - std::abs(first[size_t(i)])) <
                    1e-5);
            QVERIFY(std::abs(std::abs(p.points[size_t(i) * 2 + 1]) - std::abs(second[size_t(i)])) <
                    1e-5);
        }
    }

    void theMapKeepsClustersApart()
    {
        std::vector<int> truth;
        const EmbeddingTable table = clusterTable(8, 60, 16, &truth);
        std::vector<float> preview;
        const std::optional<EmbeddingMap> map =
            mapEmbeddings(table, {}, {}, [&](const std::vector<float> &pcs) { preview = pcs; });
        QVERIFY(map);
        QCOMPARE(preview, map->preview);
        const double previewPurity = clusterPurity(map->preview, truth, 10);
        const double mapPurity = clusterPurity(map->points, truth, 10);
        qInfo("10-NN in the same cluster: two principal components %.3f, the map %.3f",
              previewPurity, mapPurity);
        QVERIFY(previewPurity < 0.8); // eight equidistant clusters do not fit in two directions
        QVERIFY(mapPurity > 0.97);
        const std::vector<float> unit = normalizedRows(table.values, table.size(), table.dims);
        QVERIFY(neighbourRecall(unit, table.dims, map->points, 10) >
                neighbourRecall(unit, table.dims, map->preview, 10));
    }

    void theMapIsRepeatableAndCancellable()
    {
        std::vector<int> truth;
        const EmbeddingTable table = clusterTable(3, 40, 8, &truth);
        MapSettings settings;
        settings.layout.epochs = 50;
        QCOMPARE(mapEmbeddings(table, settings)->points, mapEmbeddings(table, settings)->points);
        std::atomic<bool> cancel{false};
        ProgressSink progress;
        progress.cancel = &cancel;
        progress.report = [&](const QString &, qint64 done, qint64) { cancel = done >= 10; };
        QVERIFY(!mapEmbeddings(table, settings, progress));
    }

    void similarPhotosAreTheNearestByCosine()
    {
        EmbeddingTable t;
        t.dims = 2;
        for (int i = 0; i < 5; ++i)
            t.photos.push_back({QString::number(i), PhotoSplit::Train});
        // Angles 0, 10, 80, 90 degrees and the first one twice as long (cosine 1 with it).
        auto at = [](double degrees, double length) {
            const double r = degrees * M_PI / 180;
            return std::vector<float>{float(length * std::cos(r)), float(length * std::sin(r))};
        };
        for (const auto &v : {at(0, 1), at(10, 3), at(80, 1), at(90, 1), at(0, 2)})
            t.values.insert(t.values.end(), v.begin(), v.end());
        const SimilarPhotos similar(t);
        const auto like = similar.like(0, 3);
        QCOMPARE(like.size(), size_t(3));
        QCOMPARE(like[0].first, 4);
        QVERIFY(std::abs(like[0].second - 1.f) < 1e-5f);
        QCOMPARE(like[1].first, 1);
        QVERIFY(std::abs(like[1].second - float(std::cos(10 * M_PI / 180))) < 1e-5f);
        QCOMPARE(like[2].first, 2);
    }
};

QTEST_GUILESS_MAIN(TestEmbeddings)
#include "tst_embeddings.moc"
