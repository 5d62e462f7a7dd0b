// The classifiers: torchvision's parameter names and counts (so torchvision weights load by
// name), output shapes for every architecture and head, and the multi-head combination.

#include "mobilebackbones.h"
#include "models.h"

#include <QTest>

#include <set>

using namespace masklab;
using namespace masklab::trainer;

namespace {
int64_t parameterCount(Classifier &model)
{
    int64_t n = 0;
    for (const torch::Tensor &p : model->parameters())
        n += p.numel();
    return n;
}

std::set<std::string> stateKeys(Classifier &model)
{
    std::set<std::string> keys;
    for (const auto &p : model->named_parameters())
        keys.insert(p.key());
    for (const auto &b : model->named_buffers())
        keys.insert(b.key());
    return keys;
}
} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private slots:
    void torchvisionLayout_data()
    {
        QTest::addColumn<int>("architecture");
        QTest::addColumn<qlonglong>("torchvisionParameters"); // with its 1000-class fc
        QTest::addColumn<int>("featureWidth");
        QTest::newRow("resnet18") << int(ModelConfig::Architecture::ResNet18) << 11689512LL << 512;
        QTest::newRow("resnet34") << int(ModelConfig::Architecture::ResNet34) << 21797672LL << 512;
        QTest::newRow("resnet50") << int(ModelConfig::Architecture::ResNet50) << 25557032LL << 2048;
        QTest::newRow("efficientnet_b0")
            << int(ModelConfig::Architecture::EfficientNetB0) << 5288548LL << 1280;
        QTest::newRow("efficientnet_b3")
            << int(ModelConfig::Architecture::EfficientNetB3) << 12233232LL << 1536;
        QTest::newRow("mobilenet_v3_large") // the 1280-wide layer before its last is kept
            << int(ModelConfig::Architecture::MobileNetV3Large) << 5483032LL << 1280;
    }

    void torchvisionLayout()
    {
        QFETCH(int, architecture);
        QFETCH(qlonglong, torchvisionParameters);
        QFETCH(int, featureWidth);
        ModelConfig config;
        config.architecture = ModelConfig::Architecture(architecture);
        config.head = ModelConfig::Head::Single;
        Classifier model(config);
        // The same network as torchvision's, with an 18-class fc instead of 1000 classes.
        const int64_t fc1000 = int64_t(featureWidth) * 1000 + 1000;
        const int64_t fc18 = int64_t(featureWidth) * 18 + 18;
        QCOMPARE(parameterCount(model), torchvisionParameters - fc1000 + fc18);
        const std::set<std::string> keys = stateKeys(model);
        if (model->headPrefix() != "fc.") {
            QCOMPARE(model->headPrefix(),
                     architecture == int(ModelConfig::Architecture::MobileNetV3Large)
                         ? std::string("classifier.3.")
                         : std::string("classifier.1."));
            QVERIFY(keys.count(model->headPrefix() + "weight"));
            // torchvision's MobileNetV3 normalizes with eps 1e-3 and momentum 0.01 (training
            // statistics the ImageNet weights were made with); EfficientNet-B0..B4 with defaults.
            const bool mobileNet = architecture == int(ModelConfig::Architecture::MobileNetV3Large);
            for (const auto &module : model->modules()) {
                if (const auto *bn = dynamic_cast<torch::nn::BatchNorm2dImpl *>(module.get())) {
                    QCOMPARE(bn->options.eps(), mobileNet ? 1e-3 : 1e-5);
                    QCOMPARE(bn->options.momentum().value(), mobileNet ? 0.01 : 0.1);
                }
            }
            return; // tst_pretrained loads torchvision's own files, key for key
        }
        for (const char *key :
             {"conv1.weight", "bn1.weight", "bn1.running_mean", "bn1.num_batches_tracked",
              "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
              "layer2.0.downsample.1.running_var", "layer4.1.bn2.bias", "fc.weight", "fc.bias"})
            QVERIFY2(keys.count(key), key);
        if (config.architecture == ModelConfig::Architecture::ResNet50) {
            QVERIFY(keys.count("layer4.2.conv3.weight"));
            QVERIFY(keys.count("layer1.0.downsample.0.weight"));
        } else {
            QVERIFY(!keys.count("layer1.0.downsample.0.weight"));
        }
    }

    // EfficientNet's stochastic depth: while training, each sample's residual branch is kept
    // with probability 1 - p and scaled by 1 / (1 - p); in eval it is always kept, unscaled.
    void stochasticDepthDropsWholeSamples()
    {
        NestedSequential ones;
        ones->push_back(
            torch::nn::Functional([](const torch::Tensor &x) { return torch::ones_like(x); }));
        InvertedResidual block(ones, true, 0.25);
        const torch::Tensor x = torch::zeros({4000, 2, 1, 1});
        torch::manual_seed(3);
        block->train();
        const torch::Tensor y = block->forward(x);
        const torch::Tensor perSample = y.flatten(1);
        QVERIFY((perSample.select(1, 0) == perSample.select(1, 1)).all().item<bool>());
        const double dropped =
            (perSample.select(1, 0) == 0).to(torch::kDouble).mean().item<double>();
        QVERIFY2(std::abs(dropped - 0.25) < 0.03, qPrintable(QString::number(dropped)));
        QVERIFY(((y == 0) | ((y - 1.0 / 0.75).abs() < 1e-6)).all().item<bool>());
        block->eval();
        QVERIFY(block->forward(x).eq(1).all().item<bool>());
    }

    void outputShapes_data()
    {
        QTest::addColumn<int>("architecture");
        QTest::addColumn<int>("head");
        for (int a : {0, 1, 3, 4, 5, 6}) // small, resnet18, resnet50, efficientnet b0/b3, mobilenet
            for (int h : {0, 1})
                QTest::newRow(qPrintable(QStringLiteral("arch %1 head %2").arg(a).arg(h)))
                    << a << h;
    }

    void outputShapes()
    {
        QFETCH(int, architecture);
        QFETCH(int, head);
        ModelConfig config;
        config.architecture = ModelConfig::Architecture(architecture);
        config.head = ModelConfig::Head(head);
        Classifier model(config);
        model->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor logits = model->forward(torch::randn({2, 3, 128, 96}));
        QCOMPARE(logits.size(0), int64_t(2));
        QCOMPARE(logits.size(1), int64_t(18));
        if (config.head == ModelConfig::Head::Multi) {
            // Combined log-probabilities: a distribution over the 18 classes.
            const torch::Tensor total = torch::logsumexp(logits, 1);
            QVERIFY(torch::allclose(total, torch::zeros({2}), 1e-5, 1e-5));
            QCOMPARE(int(model->taskLogits(torch::randn({1, 3, 64, 48})).size()), 3);
        }
        QVERIFY(model->backboneParameters().size() + 2 == model->parameters().size());
    }

    void combineOrdersClassesLikeTheCompetition()
    {
        // mask = incorrect (1), gender = male (0), age = old (2)  ->  class 1*6 + 0*3 + 2 = 8
        const torch::Tensor mask = torch::tensor({{0.0f, 5.0f, 0.0f}});
        const torch::Tensor gender = torch::tensor({{5.0f, 0.0f}});
        const torch::Tensor age = torch::tensor({{0.0f, 0.0f, 5.0f}});
        const torch::Tensor logits = combineTaskLogits(mask, gender, age);
        QCOMPARE(logits.argmax(1).item<int64_t>(), int64_t(8));
        QCOMPARE(logits.size(1), int64_t(18));
    }
};

QTEST_APPLESS_MAIN(TestModels)
#include "tst_models.moc"
