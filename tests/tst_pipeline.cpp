// The data pipeline: samples from effective labels, one photo into normalised CHW floats
// (reduced decode, deterministic augmentation), and the prefetching batch loader.

#include "batchloader.h"
#include "datasetscanner.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

#include <numeric>
#include <set>

using namespace masklab;
using namespace masklab::test;

class TestPipeline : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    std::unique_ptr<LabeledDataset> m_labels;

private slots:
    void initTestCase()
    {
        const QString root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(root, 8, 0, 0, false));
        m_labels =
            std::make_unique<LabeledDataset>(std::make_shared<Dataset>(scanDataset(root).dataset));
    }

    void samplesFollowTheEffectiveLabels()
    {
        LabeledDataset labels = *m_labels;
        labels.setExcluded(0, 2, true);
        labels.setMask(1, 5, MaskState::NotWear);
        const std::vector<Sample> samples = collectSamples(labels, {0, 1}, {});
        QCOMPARE(int(samples.size()), 13);
        for (const Sample &s : samples)
            QVERIFY(!(s.person == 0 && s.slot == 2));
        const auto swapped = std::find_if(samples.begin(), samples.end(), [](const Sample &s) {
            return s.person == 1 && s.slot == 5;
        });
        QCOMPARE(classLabel(swapped->label)->mask, MaskState::NotWear);
        const std::vector<int> histogram = classHistogram(samples);
        QCOMPARE(std::accumulate(histogram.begin(), histogram.end(), 0), 13);
    }

    void knownPixels()
    {
        // A solid colour PNG: every output value is (channel/255 - mean) / std, R plane first.
        const QString png = m_tmp.filePath("solid.png");
        QVERIFY(cv::imwrite(png.toStdString(), cv::Mat(40, 30, CV_8UC3, cv::Scalar(51, 102, 204))));
        PipelineOptions options;
        options.width = 15;
        options.height = 20;
        std::vector<float> out(3 * 15 * 20);
        QVERIFY(loadSample(png, options, 1, out.data()));
        const float r = (204 / 255.0f - 0.485f) / 0.229f;
        const float b = (51 / 255.0f - 0.406f) / 0.225f;
        QVERIFY(qAbs(out[0] - r) < 1e-4f);
        QVERIFY(qAbs(out[2 * 300 + 299] - b) < 1e-4f);
        QVERIFY(!loadSample(m_tmp.filePath("none.jpg"), options, 1, out.data()));
    }

    void augmentationIsDeterministicPerSeed()
    {
        const QString photo = m_labels->dataset().photoPath(m_labels->person(0), 0);
        TrainConfig config;
        config.augment.hflip = 1.0;
        config.augment.rotation = 1.0;
        config.augment.colorJitter = 1.0;
        const PipelineOptions train = pipelineOptions(config, true);
        const PipelineOptions eval = pipelineOptions(config, false);
        const size_t n = 3 * 96 * 128;
        std::vector<float> a(n), b(n), c(n), d(n);
        QVERIFY(loadSample(photo, train, 7, a.data()));
        QVERIFY(loadSample(photo, train, 7, b.data()));
        QVERIFY(loadSample(photo, train, 8, c.data()));
        QVERIFY(loadSample(photo, eval, 7, d.data()));
        QVERIFY(a == b);
        QVERIFY(a != c);
        QVERIFY(a != d);
    }

    void loaderDeliversEverySampleOnceInOrder()
    {
        std::vector<Sample> samples = collectSamples(*m_labels, {0, 1, 2, 3, 4, 5, 6, 7}, {});
        samples.push_back({m_tmp.filePath("missing.jpg"), 0, -1, -1}); // fails, counted
        TrainConfig config;
        config.data.inputWidth = 48;
        config.data.inputHeight = 64;
        std::vector<std::vector<float>> byWorkers;
        for (int workers : {1, 3}) {
            BatchLoader loader(samples, pipelineOptions(config, true), 10, workers, 2);
            QCOMPARE(loader.batchesPerEpoch(), 6);
            std::vector<int> order(samples.size());
            std::iota(order.begin(), order.end(), 0);
            std::reverse(order.begin(), order.end());
            loader.startEpoch(order, 99);
            std::vector<int> seen;
            int failed = 0;
            std::vector<float> all;
            int index = 0;
            while (auto batch = loader.next()) {
                QCOMPARE(batch->index, index++);
                QCOMPARE(int(batch->images.size()), batch->count * 3 * 48 * 64);
                QCOMPARE(int(batch->labels.size()), batch->count);
                seen.insert(seen.end(), batch->samples.begin(), batch->samples.end());
                failed += batch->failed;
                all.insert(all.end(), batch->images.begin(), batch->images.end());
            }
            QCOMPARE(failed, 1);
            QCOMPARE(int(seen.size()), 56);
            QCOMPARE(seen.front(), 55); // the order given, the failed first sample left out
            byWorkers.push_back(all);
            // A new epoch can start at any time, even with batches still in flight.
            loader.startEpoch(order, 100);
            QVERIFY(loader.next().has_value());
            loader.startEpoch({0, 1, 2}, 101);
            auto only = loader.next();
            QCOMPARE(only->count, 3);
            QVERIFY(!loader.next());
        }
        QVERIFY(byWorkers[0] == byWorkers[1]); // worker count does not change the data
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
