// model.pretrained: imagenet - torchvision's file names and hashes, torch.hub's cache folder as
// PyTorch resolves it, and what a user is told when the file is missing or damaged.

#include "pretrainedweights.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

namespace {

// Sets (or, with a null value, unsets) an environment variable for one scope.
class ScopedEnv
{
public:
    ScopedEnv(const char *name, const char *value) : m_name(name), m_old(qgetenv(name))
    {
        m_had = qEnvironmentVariableIsSet(name);
        if (value)
            qputenv(name, value);
        else
            qunsetenv(name);
    }
    ~ScopedEnv()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    QByteArray m_old;
    bool m_had = false;
};

ModelConfig model(ModelConfig::Architecture architecture, const QString &pretrained)
{
    ModelConfig m;
    m.architecture = architecture;
    m.pretrained = pretrained;
    return m;
}

} // namespace

class TestPretrainedWeights : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private slots:
    void torchvisionsFiles()
    {
        const auto resnet18 = imageNetWeightsFor(ModelConfig::Architecture::ResNet18);
        QVERIFY(resnet18);
        QCOMPARE(resnet18->fileName(), QStringLiteral("resnet18-f37072fd.pth"));
        QCOMPARE(resnet18->hashPrefix(), QStringLiteral("f37072fd"));
        QCOMPARE(imageNetWeightsFor(ModelConfig::Architecture::ResNet50)->fileName(),
                 QStringLiteral("resnet50-11ad3fa6.pth")); // torchvision's DEFAULT (V2)
        QVERIFY(!imageNetWeightsFor(ModelConfig::Architecture::SmallCnn));
    }

    // Each URL is the one torchvision itself downloads for the builder's DEFAULT weights.
    void urlsAreTorchvisionsDefaults()
    {
        QStringList names;
        for (const WeightsFile &weights : imageNetWeights())
            names << weights.name;
        const QString script =
            QStringLiteral("import sys, torchvision.models as m\n"
                           "for n in sys.argv[1:]: print(m.get_model_weights(n).DEFAULT.url)");
        QProcess python;
        python.start(QStringLiteral("/usr/bin/python3"),
                     QStringList{QStringLiteral("-c"), script} + names);
        if (!python.waitForFinished(60000) || python.exitCode() != 0)
            QSKIP("Debian's python3-torchvision is not installed (packaging/deps.sh installs it)");
        const QStringList urls =
            QString::fromUtf8(python.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(urls.size(), int(imageNetWeights().size()));
        for (size_t i = 0; i < imageNetWeights().size(); ++i)
            QCOMPARE(imageNetWeights()[i].url, urls[int(i)]);
    }

    void cacheFolderAsPyTorchFindsIt_data()
    {
        QTest::addColumn<QByteArray>("torchHome");
        QTest::addColumn<QByteArray>("xdgCache");
        QTest::addColumn<QString>("expected");
        QTest::newRow("TORCH_HOME")
            << QByteArray("/opt/torch") << QByteArray("/c") << "/opt/torch/hub/checkpoints";
        QTest::newRow("TORCH_HOME with ~")
            << QByteArray("~/t") << QByteArray() << "/home/u/t/hub/checkpoints";
        QTest::newRow("XDG_CACHE_HOME")
            << QByteArray() << QByteArray("/c") << "/c/torch/hub/checkpoints";
        QTest::newRow("neither") << QByteArray() << QByteArray()
                                 << "/home/u/.cache/torch/hub/checkpoints";
    }

    void cacheFolderAsPyTorchFindsIt()
    {
        QFETCH(QByteArray, torchHome);
        QFETCH(QByteArray, xdgCache);
        QFETCH(QString, expected);
        const ScopedEnv home("HOME", "/home/u");
        const ScopedEnv torch("TORCH_HOME", torchHome.isEmpty() ? nullptr : torchHome.data());
        const ScopedEnv xdg("XDG_CACHE_HOME", xdgCache.isEmpty() ? nullptr : xdgCache.data());
        QCOMPARE(torchHubCheckpointsDir(), expected);
    }

    void otherValuesPassThrough()
    {
        QString error;
        for (const QString &value : {QString(), QStringLiteral("/w/resnet18.pth")})
            QCOMPARE(resolvePretrained(model(ModelConfig::Architecture::ResNet18, value), &error),
                     std::optional<QString>(value));
    }

    void missingFileSaysWhatToDownloadWhere()
    {
        const QByteArray cache = m_tmp.filePath("empty").toUtf8();
        const ScopedEnv torch("TORCH_HOME", cache.data());
        QString error;
        QVERIFY(!resolvePretrained(model(ModelConfig::Architecture::ResNet34, "imagenet"), &error));
        QVERIFY2(error.contains("https://download.pytorch.org/models/resnet34-b627a593.pth") &&
                     error.contains(QString::fromUtf8(cache) + "/hub/checkpoints"),
                 qPrintable(error));
        QVERIFY(!resolvePretrained(model(ModelConfig::Architecture::SmallCnn, "imagenet"), &error));
        QVERIFY2(error.contains("resnet18, resnet34, resnet50, efficientnet_b0, efficientnet_b3, "
                                "mobilenet_v3_large"),
                 qPrintable(error));
    }

    // A file under a name whose hash prefix is the file's: found; any other bytes: refused.
    void theHashInTheNameIsChecked()
    {
        const QString cache = m_tmp.filePath("cache");
        const QString dir = cache + "/hub/checkpoints";
        QVERIFY(QDir().mkpath(dir));
        const QByteArray bytes = randomBytes(5000, 7);
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(8));
        const std::vector<WeightsFile> files = {
            {ModelConfig::Architecture::ResNet18, QStringLiteral("resnet18"),
             QStringLiteral("http://127.0.0.1/models/resnet18-%1.pth").arg(hash)}};
        const QString path = dir + "/resnet18-" + hash + ".pth";
        QVERIFY(writeFile(path, bytes));
        const QByteArray torchHome = cache.toUtf8();
        const ScopedEnv torch("TORCH_HOME", torchHome.data());
        QString error;
        QCOMPARE(resolvePretrained(model(ModelConfig::Architecture::ResNet18, "imagenet"), files,
                                   &error),
                 std::optional<QString>(path));

        QVERIFY(writeFile(path, bytes.left(4000))); // cut short
        QVERIFY(!resolvePretrained(model(ModelConfig::Architecture::ResNet18, "imagenet"), files,
                                   &error));
        QVERIFY2(error.contains("not " + hash) && error.contains("damaged or cut short"),
                 qPrintable(error));
    }

    void configRefusesImagenetWithoutWeights()
    {
        QString error;
        QVERIFY(!parseTrainConfig("model: {architecture: small_cnn, pretrained: imagenet}\n",
                                  "c.yaml", &error));
        QVERIFY2(error.contains("model.pretrained") && error.contains("small_cnn"),
                 qPrintable(error));
        QVERIFY(parseTrainConfig("model: {architecture: resnet18, pretrained: imagenet}\n",
                                 "c.yaml", &error));
    }
};

QTEST_GUILESS_MAIN(TestPretrainedWeights)
#include "tst_pretrainedweights.moc"
