// train.memory_format: what each setting becomes on a CPU and a GPU, a channels-last model that
// convolves in NHWC and gives the contiguous model's answers, a channels-last run that says so,
// saves NHWC weights and resumes exactly, and a contiguous checkpoint resumed channels-last.

#include "memoryformat.h"
#include "runfiles.h"
#include "runrecord.h"
#include "testsupport.h"
#include "trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

using Format = TrainingConfig::MemoryFormat;
using Architecture = ModelConfig::Architecture;
Q_DECLARE_METATYPE(Format)
Q_DECLARE_METATYPE(Architecture)

namespace {

PrecisionChoice precisionOf(PrecisionChoice::Mode mode, torch::DeviceType device)
{
    PrecisionChoice choice;
    choice.mode = mode;
    choice.device = device;
    choice.name = mode == PrecisionChoice::Mode::Fp32 ? "fp32" : "bf16";
    return choice;
}

bool allConvolutionsIn(Classifier &model, torch::MemoryFormat format)
{
    for (const torch::Tensor &weight : model->parameters())
        if (weight.dim() == 4 && !weight.is_contiguous(format))
            return false;
    return true;
}

} // namespace

class TestMemoryFormat : public QObject
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

    void eachSettingChoosesItsFormat_data()
    {
        QTest::addColumn<Format>("setting");
        QTest::addColumn<bool>("gpu");
        QTest::addColumn<Architecture>("architecture");
        QTest::addColumn<bool>("lowPrecision");
        QTest::addColumn<bool>("channelsLast");
        const Architecture mobile = Architecture::MobileNetV3Large;
        const Architecture resnet = Architecture::ResNet18;
        QTest::newRow("named contiguous") << Format::Contiguous << true << mobile << true << false;
        QTest::newRow("named channels-last")
            << Format::ChannelsLast << false << resnet << false << true;
        // auto on a CPU: the models measured faster so in fp32 (bench/precisionbench.sh)
        const Architecture small = Architecture::SmallCnn;
        QTest::newRow("cpu mobilenet fp32") << Format::Auto << false << mobile << false << true;
        QTest::newRow("cpu small cnn fp32") << Format::Auto << false << small << false << true;
        QTest::newRow("cpu mobilenet bf16") << Format::Auto << false << mobile << true << false;
        QTest::newRow("cpu small cnn bf16") << Format::Auto << false << small << true << false;
        QTest::newRow("cpu resnet18 fp32") << Format::Auto << false << resnet << false << false;
        // auto on a GPU: NHWC for the tensor cores' fp16/bf16, NCHW in fp32
        QTest::newRow("gpu bf16") << Format::Auto << true << resnet << true << true;
        QTest::newRow("gpu fp32") << Format::Auto << true << resnet << false << false;
    }

    void eachSettingChoosesItsFormat()
    {
        QFETCH(Format, setting);
        QFETCH(bool, gpu);
        QFETCH(Architecture, architecture);
        QFETCH(bool, lowPrecision);
        QFETCH(bool, channelsLast);
        TrainConfig config;
        config.train.memoryFormat = setting;
        config.model.architecture = architecture;
        const torch::DeviceType type = gpu ? torch::kCUDA : torch::kCPU;
        const PrecisionChoice precision = precisionOf(
            lowPrecision ? PrecisionChoice::Mode::Bf16 : PrecisionChoice::Mode::Fp32, type);
        const MemoryFormatChoice choice =
            chooseMemoryFormat(config, torch::Device(type), precision);
        QCOMPARE(choice.channelsLast, channelsLast);
        // auto says why it chose channels-last; a named setting needs no reason
        QCOMPARE(!choice.note.isEmpty(), setting == Format::Auto && channelsLast);
    }

    void aChannelsLastModelGivesTheSameAnswers_data()
    {
        QTest::addColumn<Architecture>("architecture");
        QTest::newRow("small cnn") << Architecture::SmallCnn;
        QTest::newRow("resnet18") << Architecture::ResNet18;
        QTest::newRow("mobilenet v3") << Architecture::MobileNetV3Large;
    }

    void aChannelsLastModelGivesTheSameAnswers()
    {
        QFETCH(Architecture, architecture);
        torch::manual_seed(3);
        ModelConfig config;
        config.architecture = architecture;
        Classifier model(config);
        model->eval();
        torch::NoGradGuard noGrad;
        const torch::Tensor images = torch::randn({2, 3, 64, 48});
        const torch::Tensor contiguous = model->forward(images);
        QVERIFY(allConvolutionsIn(model, torch::MemoryFormat::Contiguous));

        model->setChannelsLast(true);
        QVERIFY(allConvolutionsIn(model, torch::MemoryFormat::ChannelsLast));
        QVERIFY(model->featureMap(images).is_contiguous(torch::MemoryFormat::ChannelsLast));
        const torch::Tensor nhwc = model->forward(images);
        QVERIFY2(torch::allclose(nhwc, contiguous, 1e-4, 1e-4),
                 qPrintable(QString::number((nhwc - contiguous).abs().max().item<double>())));

        model->setChannelsLast(false);
        QVERIFY(allConvolutionsIn(model, torch::MemoryFormat::Contiguous));
        QVERIFY(model->featureMap(images).is_contiguous());
    }

    // Stopped in the middle of epoch 2 and resumed: the same losses as the run that was not
    // stopped, and its checkpoints hold NHWC weights.
    void aChannelsLastRunSaysSoAndResumesExactly()
    {
        TrainConfig config = tinyTrainConfig(m_root, 3);
        config.train.device = TrainingConfig::Device::Cpu;
        config.train.memoryFormat = Format::ChannelsLast;
        const QString whole = m_tmp.filePath("whole");
        const TrainResult uninterrupted = train(config, whole, {});
        QVERIFY2(uninterrupted.ok, qPrintable(uninterrupted.error));
        QVERIFY2(readRunStatus(whole).device.endsWith(", channels-last"),
                 qPrintable(readRunStatus(whole).device));
        QVERIFY(savedChannelsLast(config, whole));

        const QString run = m_tmp.filePath("resumed");
        std::atomic<bool> stop{false};
        const TrainResult first = train(config, run, stopAt(2, 2, stop), &stop);
        QVERIFY(first.cancelled);
        const TrainResult resumed = resume(run, {});
        QVERIFY2(resumed.ok, qPrintable(resumed.error));
        QVERIFY(readRunStatus(run).device.endsWith(", channels-last"));
        QCOMPARE(resumed.history.size(), uninterrupted.history.size());
        for (size_t i = 0; i < uninterrupted.history.size(); ++i)
            QVERIFY2(qAbs(resumed.history[i].trainLoss - uninterrupted.history[i].trainLoss) < 1e-5,
                     qPrintable(QStringLiteral("epoch %1: %2 vs %3")
                                    .arg(i + 1)
                                    .arg(resumed.history[i].trainLoss)
                                    .arg(uninterrupted.history[i].trainLoss)));
    }

    // A run that trained contiguous and resumes where channels-last is chosen (a newer MaskLab's
    // auto, here config.yaml edited): its contiguous last.pt is laid out anew, and the log says
    // that the arithmetic changed.
    void aContiguousCheckpointResumesChannelsLast()
    {
        TrainConfig config = tinyTrainConfig(m_root, 2);
        config.train.device = TrainingConfig::Device::Cpu;
        config.train.memoryFormat = Format::Contiguous;
        const QString run = m_tmp.filePath("relaid");
        std::atomic<bool> stop{false};
        QVERIFY(train(config, run, stopAt(1, 2, stop), &stop).cancelled);
        QVERIFY(!savedChannelsLast(config, run));
        QByteArray yaml = readFile(run + "/config.yaml");
        QVERIFY(yaml.contains("memory_format: contiguous"));
        QVERIFY(writeFile(run + "/config.yaml", yaml.replace("memory_format: contiguous",
                                                             "memory_format: channels_last")));
        QStringList said;
        const TrainResult resumed = resume(run, [&said](const TrainEvent &e) {
            if (e.kind == TrainEvent::Kind::Info)
                said << e.message;
        });
        QVERIFY2(resumed.ok, qPrintable(resumed.error));
        QVERIFY(savedChannelsLast(config, run));
        QVERIFY2(said.join('\n').contains(
                     "computing in fp32, channels-last now, in fp32, contiguous before"),
                 qPrintable(said.join('\n')));
    }

private:
    static TrainSink stopAt(int epoch, int batch, std::atomic<bool> &stop)
    {
        return [&stop, epoch, batch](const TrainEvent &e) {
            if (e.kind == TrainEvent::Kind::BatchDone && e.epoch == epoch && e.batch == batch)
                stop = true;
        };
    }

    // Whether the run's last.pt holds its convolution weights NHWC (a checkpoint keeps the
    // layout the weights were in when saved).
    static bool savedChannelsLast(const TrainConfig &config, const QString &run)
    {
        Classifier model = makeClassifier(config);
        QString error;
        return RunFiles(run).loadWeights("last.pt", model, &error) &&
               allConvolutionsIn(model, torch::MemoryFormat::ChannelsLast);
    }
};

QTEST_GUILESS_MAIN(TestMemoryFormat)
#include "tst_memoryformat.moc"
