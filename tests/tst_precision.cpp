// train.precision: what each setting becomes on this CPU (fp16 refused before the run folder
// exists), bf16 autocast switched on only inside its scope, and a bf16 run that trains,
// validates and predicts with the device line saying so.

#include "precision.h"
#include "runrecord.h"
#include "testsupport.h"
#include "trainer.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <ATen/autocast_mode.h>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

using Precision = TrainingConfig::Precision;

class TestPrecision : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;

private slots:
    void initTestCase()
    {
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 16, 1, 0, false, 96, 128));
    }

    void eachSettingOnTheCpu()
    {
        TrainConfig config;
        const torch::Device cpu(torch::kCPU);
        QString error;
        config.train.precision = Precision::Fp16;
        QVERIFY(!choosePrecision(config, cpu, &error));
        QVERIFY2(error.contains("train.precision") && error.contains("CUDA"), qPrintable(error));
        config.train.precision = Precision::Bf16;
        QVERIFY(choosePrecision(config, cpu, &error)->mode == PrecisionChoice::Mode::Bf16);
        config.train.precision = Precision::Fp32;
        QCOMPARE(choosePrecision(config, cpu, &error)->name, QString("fp32"));
        // auto: fp32 on a CPU for every model (none was measured faster in bf16), and says why
        config.train.precision = Precision::Auto;
        for (const auto architecture :
             {ModelConfig::Architecture::MobileNetV3Large, ModelConfig::Architecture::SmallCnn,
              ModelConfig::Architecture::ResNet18}) {
            config.model.architecture = architecture;
            QVERIFY(!choosePrecision(config, cpu, &error)->autocasts());
            QVERIFY(!choosePrecision(config, cpu, &error)->note.isEmpty());
        }
    }

    void autocastIsOnOnlyInItsScope()
    {
        torch::nn::Conv2d conv(torch::nn::Conv2dOptions(3, 4, 3));
        const torch::Tensor image = torch::randn({1, 3, 8, 8});
        PrecisionChoice bf16;
        bf16.mode = PrecisionChoice::Mode::Bf16;
        {
            const AutocastScope scope(bf16);
            QCOMPARE(conv->forward(image).scalar_type(), torch::kBFloat16);
        }
        QVERIFY(!at::autocast::is_cpu_enabled());
        QCOMPARE(conv->forward(image).scalar_type(), torch::kFloat32);
        {
            const AutocastScope scope{PrecisionChoice()}; // fp32: nothing changes
            QCOMPARE(conv->forward(image).scalar_type(), torch::kFloat32);
        }
    }

    void aBf16RunTrainsAndPredicts()
    {
        TrainConfig config = tinyTrainConfig(m_root, 2);
        config.train.precision = Precision::Bf16;
        const QString run = m_tmp.filePath("bf16");
        const TrainResult result = train(config, run, {});
        QVERIFY2(result.ok, qPrintable(result.error));
        for (const EpochMetrics &m : result.history)
            QVERIFY(std::isfinite(m.trainLoss) && std::isfinite(m.validationLoss));
        QVERIFY2(readRunStatus(run).device.endsWith(", bf16"),
                 qPrintable(readRunStatus(run).device));
        PredictionRequest request;
        request.members.push_back({run, "best", "bf16"});
        request.evalDir = m_root;
        const PredictionOutcome predicted = predictEval(request, QString());
        QVERIFY2(predicted.predictions, qPrintable(predicted.error));
        QCOMPARE(predicted.predictions->imageCount(), 7);
        double sum = 0;
        for (float p : predicted.predictions->probabilities(0))
            sum += double(p);
        QVERIFY(std::abs(sum - 1) < 1e-3);
    }

    void fp16IsRefusedBeforeTheRunBegins()
    {
        TrainConfig config = tinyTrainConfig(m_root, 1);
        config.train.precision = Precision::Fp16;
        const QString run = m_tmp.filePath("fp16");
        const TrainResult result = train(config, run, {});
        QVERIFY(!result.ok && !result.began);
        QVERIFY2(result.error.contains("fp16"), qPrintable(result.error));
        QVERIFY(!QDir(run).exists());
    }
};

QTEST_GUILESS_MAIN(TestPrecision)
#include "tst_precision.moc"
