// Where the model looks: Grad-CAM lights the region a model's answer depends on (a model
// trained here on images whose mask class is told by one quadrant alone), explains each head of
// a trained run on a photo at the model's input size, and says which photo or checkpoint it
// could not use.

#include "explainer.h"
#include "gradcam.h"
#include "heatoverlay.h"
#include "testsupport.h"
#include "trainer.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

namespace {

constexpr int64_t kSide = 128; // the small CNN sees 63 pixels around a map cell

// Noise everywhere; the top-left quadrant bright for class 0 (mask worn) and dark for class 6
// (mask incorrect); a bright or dark square in each other quadrant at random.
std::pair<torch::Tensor, torch::Tensor> quadrantBatch(int64_t count, torch::Generator &rng)
{
    torch::Tensor images = torch::randn({count, 3, kSide, kSide}, rng) * 0.3;
    torch::Tensor labels = torch::zeros({count}, torch::kLong);
    for (int64_t i = 0; i < count; ++i) {
        const bool worn = torch::rand({1}, rng).item<float>() < 0.5f;
        labels[i] = worn ? 0 : 6;
        images[i].narrow(1, 0, kSide / 2).narrow(2, 0, kSide / 2) += worn ? 1.5 : -1.5;
        // The same kind of square in each other quadrant, bright or dark at random: what
        // activates the network there tells nothing about the class.
        const int64_t half = kSide / 2, side = 24;
        for (const auto &[top, left] :
             {std::pair<int64_t, int64_t>{0, half}, {half, 0}, {half, half}}) {
            const int64_t y = top + torch::randint(0, half - side, {1}, rng).item<int64_t>();
            const int64_t x = left + torch::randint(0, half - side, {1}, rng).item<int64_t>();
            images[i].narrow(1, y, side).narrow(2, x, side) +=
                torch::rand({1}, rng).item<float>() < 0.5f ? 1.5 : -1.5;
        }
    }
    return {images, labels};
}

double meanHeat(const Explanation &e, bool topLeft)
{
    double sum = 0;
    int n = 0;
    for (int y = 0; y < e.height; ++y)
        for (int x = 0; x < e.width; ++x)
            if ((y < e.height / 2 && x < e.width / 2) == topLeft) {
                sum += e.heat[size_t(y * e.width + x)];
                ++n;
            }
    return sum / n;
}

} // namespace

class TestGradCam : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() { torch::manual_seed(1); }

    void aModelThatLooksAtOneRegionLightsIt()
    {
        ModelConfig config;
        config.width = 8;
        Classifier model(config);
        torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(3e-3));
        auto rng = torch::make_generator<torch::CPUGeneratorImpl>(7);
        for (int step = 0; step < 60; ++step) {
            const auto [images, labels] = quadrantBatch(24, rng);
            optimizer.zero_grad();
            torch::nn::functional::cross_entropy(model->forward(images), labels).backward();
            optimizer.step();
        }
        model->eval();
        const auto [images, labels] = quadrantBatch(16, rng);
        int right = 0;
        double inside = 0, outside = 0;
        for (int64_t i = 0; i < 16; ++i) {
            const Explanation e = explainImage(model, images.narrow(0, i, 1), ExplainHead::Mask);
            QVERIFY(e.ok);
            QCOMPARE(e.width, int(kSide));
            right += e.answer == (labels[i].item<int64_t>() == 0 ? "mask" : "incorrect");
            inside += meanHeat(e, true) / 16;
            outside += meanHeat(e, false) / 16;
        }
        qInfo("answered %d of 16 right; mean heat in the quadrant %.2f, elsewhere %.2f", right,
              inside, outside);
        QVERIFY(right >= 14);
        QVERIFY(inside > 2 * outside);
    }

    void eachHeadOfARunIsExplained()
    {
        const QString root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(root, 12, 0, 0, false, 96, 128));
        const QString run = m_tmp.filePath("run");
        QVERIFY(train(tinyTrainConfig(root, 1), run, {}).ok);
        const QString photo =
            root + "/train/images/" +
            QDir(root + "/train/images").entryList(QDir::Dirs | QDir::NoDotAndDotDot).first() +
            "/incorrect_mask.jpg";
        for (const char *name : {"mask", "gender", "age"}) {
            const Explanation e = explainPhoto(run, "best", photo, *explainHeadFromName(name));
            QVERIFY2(e.ok, qPrintable(e.error));
            QCOMPARE(e.heat.size(), size_t(e.width) * size_t(e.height));
            QCOMPARE(e.width, tinyTrainConfig(root, 1).data.inputWidth);
            const auto [low, high] = std::minmax_element(e.heat.begin(), e.heat.end());
            QVERIFY(*low >= 0.f && *high <= 1.f);
            QVERIFY(!e.answer.isEmpty() && e.probability > 0 && e.probability <= 1);
            QString error;
            const auto overlay = drawHeatOverlay(photo, e.heat, e.width, e.height, e.crop, &error);
            QVERIFY2(overlay, qPrintable(error));
            const QImage original(photo);
            QCOMPARE(overlay->width, original.width());
            QCOMPARE(overlay->height, original.height());
        }
        QVERIFY(!explainHeadFromName("hair"));

        Explanation e = explainPhoto(run, "best", root + "/nowhere.jpg", ExplainHead::Mask);
        QVERIFY(!e.ok);
        QVERIFY2(e.error.contains("nowhere.jpg") && e.error.contains("missing"),
                 qPrintable(e.error));
        QVERIFY(writeFile(m_tmp.filePath("junk.jpg"), "not a photo"));
        e = explainPhoto(run, "best", m_tmp.filePath("junk.jpg"), ExplainHead::Mask);
        QVERIFY2(!e.ok && e.error.contains("does not decode"), qPrintable(e.error));
        QVERIFY(writeFile(run + "/last.pt", randomBytes(3000, 2)));
        e = explainPhoto(run, "last", photo, ExplainHead::Mask);
        QVERIFY2(!e.ok && e.error.contains("last.pt"), qPrintable(e.error));
    }
};

QTEST_GUILESS_MAIN(TestGradCam)
#include "tst_gradcam.moc"
