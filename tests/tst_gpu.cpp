// The trainer and the predictor on a CUDA GPU, in each precision: a run trains with finite
// losses and says which device and precision ran, fp16 keeps its loss scale in last.pt, autocast
// computes in the low precision on the GPU, and the GPU's answers match the CPU's for the same
// checkpoint. Skipped where LibTorch sees no GPU (every CI machine): bench/gpu/ runs it on one.

#include "lossscaler.h"
#include "precision.h"
#include "runfiles.h"
#include "runrecord.h"
#include "testsupport.h"
#include "trainer.h"
#include "trainingsetup.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

using Precision = TrainingConfig::Precision;

class TestGpu : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;

    std::vector<float> predicted(const QString &run)
    {
        PredictionRequest request;
        request.members.push_back({run, "best", QFileInfo(run).fileName()});
        request.evalDir = m_root;
        const PredictionOutcome outcome = predictEval(request, QString());
        if (!outcome.predictions)
            return {};
        std::vector<float> all;
        for (int i = 0; i < outcome.predictions->imageCount(); ++i) {
            const auto &p = outcome.predictions->probabilities(i);
            all.insert(all.end(), p.begin(), p.end());
        }
        return all;
    }

    // The run folder again, its config.yaml saying CPU and fp32: the same weights on the CPU.
    QString onTheCpu(const QString &run)
    {
        const QString copy = run + "-cpu";
        QDir().mkpath(copy);
        for (const QString &name : QDir(run).entryList(QDir::Files))
            QFile::copy(run + "/" + name, copy + "/" + name);
        TrainConfig config;
        QString error;
        RunFiles(copy).readConfig(&config, &error);
        config.train.device = TrainingConfig::Device::Cpu;
        config.train.precision = Precision::Fp32;
        writeFile(copy + "/config.yaml", trainConfigToYaml(config));
        return copy;
    }

private slots:
    void initTestCase()
    {
        if (!torch::cuda::is_available())
            QSKIP("LibTorch sees no CUDA GPU here");
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 24, 2, 0, false, 96, 128));
    }

    void autocastComputesLowOnTheGpu()
    {
        torch::nn::Conv2d conv(torch::nn::Conv2dOptions(3, 4, 3));
        conv->to(torch::kCUDA);
        const torch::Tensor image = torch::randn({1, 3, 8, 8}, torch::kCUDA);
        for (const auto mode : {PrecisionChoice::Mode::Fp16, PrecisionChoice::Mode::Bf16}) {
            if (mode == PrecisionChoice::Mode::Bf16 && !gpuHasBf16())
                continue;
            PrecisionChoice choice;
            choice.mode = mode;
            choice.device = torch::kCUDA;
            const AutocastScope scope(choice);
            QCOMPARE(conv->forward(image).scalar_type(),
                     mode == PrecisionChoice::Mode::Fp16 ? torch::kHalf : torch::kBFloat16);
        }
        QCOMPARE(conv->forward(image).scalar_type(), torch::kFloat32);
    }

    void eachPrecisionTrainsAndPredicts_data()
    {
        QTest::addColumn<int>("precision");
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("tolerance"); // GPU vs CPU answers, probability
        QTest::newRow("fp32") << int(Precision::Fp32) << "fp32" << 2e-3;
        QTest::newRow("bf16") << int(Precision::Bf16) << "bf16" << 5e-2;
        QTest::newRow("fp16") << int(Precision::Fp16) << "fp16" << 1e-2;
    }

    void eachPrecisionTrainsAndPredicts()
    {
        QFETCH(int, precision);
        QFETCH(QString, name);
        QFETCH(double, tolerance);
        if (name == "bf16" && !gpuHasBf16())
            QSKIP("this GPU has no bf16");
        TrainConfig config = tinyTrainConfig(m_root, 3);
        config.train.device = TrainingConfig::Device::Cuda;
        config.train.precision = Precision(precision);
        const QString run = m_tmp.filePath("run-" + name);
        const TrainResult result = train(config, run, {});
        QVERIFY2(result.ok, qPrintable(result.error));
        for (const EpochMetrics &m : result.history)
            QVERIFY(std::isfinite(m.trainLoss) && std::isfinite(m.validationLoss));
        const QString device = readRunStatus(run).device;
        // "CUDA, 16 threads, bf16, channels-last": auto's layout is NHWC under bf16 and fp16
        const QStringList parts = device.split(", ");
        QVERIFY2(device.startsWith("CUDA") && parts.contains(name) &&
                     parts.contains("channels-last") == (name != "fp32"),
                 qPrintable(device));
        Classifier model = makeClassifier(config);
        auto optimizer = makeOptimizer(config.optimizer, model->parameters());
        TrainingPosition position;
        QString error;
        QVERIFY2(RunFiles(run).loadCheckpoint("last.pt", model, *optimizer, &position, &error),
                 qPrintable(error));
        QCOMPARE(bool(position.lossScale), name == "fp16");
        const std::vector<float> gpu = predicted(run);
        const std::vector<float> cpu = predicted(onTheCpu(run));
        QVERIFY(!gpu.empty() && gpu.size() == cpu.size());
        double worst = 0;
        for (size_t i = 0; i < gpu.size(); ++i)
            worst = std::max(worst, double(std::abs(gpu[i] - cpu[i])));
        qInfo("%s: GPU vs CPU answers differ by %.2g at most", qPrintable(name), worst);
        QVERIFY2(worst < tolerance, qPrintable(QString::number(worst)));
    }
};

QTEST_GUILESS_MAIN(TestGpu)
#include "tst_gpu.moc"
