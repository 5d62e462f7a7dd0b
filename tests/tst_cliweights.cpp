// masklab-cli weights get and train's download of model.pretrained: imagenet, against a server
// on the loopback interface (--mirror) or a proxy that is not there: never the internet.

#include "clirun.h"
#include "loopbackhttp.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab::test;

namespace {

const QString kResNet18File = QStringLiteral("resnet18-f37072fd.pth"); // torchvision's name

} // namespace

class TestCliWeights : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    // The CLI's environment: its own torch.hub cache and no proxy but the one a test sets.
    QProcessEnvironment environment(const QString &torchHome) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TORCH_HOME"), torchHome);
        for (const char *name : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"})
            env.remove(QString::fromLatin1(name));
        return env;
    }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void unknownArchitectureIsAUsageError()
    {
        const CliRun run =
            runCli({"weights", "get", "resnet19"}, 30000, environment(m_tmp.filePath("unused")));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("no ImageNet weights for 'resnet19'") &&
                     run.err.contains("resnet18, resnet34"),
                 qPrintable(run.err));
    }

    // The server's bytes are not torchvision's file: the hash in the name refuses them.
    void aFileWithTheWrongHashIsRefused()
    {
        LoopbackHttp mirror;
        mirror.serve(kResNet18File, QByteArray(200000, 'x'));
        const QString torchHome = m_tmp.filePath("wronghash");
        const CliRun run = runCli({"weights", "get", "resnet18", "--mirror", mirror.url("")}, 30000,
                                  environment(torchHome));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("refused") && run.err.contains("not f37072fd") &&
                     run.err.contains(mirror.url(kResNet18File)),
                 qPrintable(run.err));
        QCOMPARE(mirror.requests().size(), 1);
        QVERIFY(QDir(torchHome + "/hub/checkpoints").entryList(QDir::Files).isEmpty());
    }

    void aMissingMirrorFileNamesTheUrl()
    {
        LoopbackHttp mirror;
        const CliRun run = runCli({"weights", "get", "resnet34", "--mirror", mirror.url("models")},
                                  30000, environment(m_tmp.filePath("missing")));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(mirror.url("models/resnet34-b627a593.pth")) &&
                     run.err.contains("Not Found"),
                 qPrintable(run.err));
    }

    // Offline (here: a proxy that is not there) a training run with imagenet says what to put
    // where, and starts nothing.
    void trainWithoutNetworkSaysWhereTheFileGoes()
    {
        const QString dataset = m_tmp.filePath("data");
        QVERIFY(makeSynthDataset(dataset, 4, 1, 0, false));
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        QProcessEnvironment env = environment(m_tmp.filePath("offline"));
        env.insert("https_proxy", QStringLiteral("http://127.0.0.1:%1").arg(port));
        const QString config = m_tmp.filePath("imagenet.yaml");
        QVERIFY(writeFile(config, "model: {architecture: resnet18, pretrained: imagenet}\n"
                                  "train: {epochs: 1}\n"));
        const QString run = m_tmp.filePath("offline-run");
        const CliRun result =
            runCli({"train", "--config", config, "--set", "data.dataset=" + dataset, "--run", run},
                   60000, env);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("https://download.pytorch.org/models/" + kResNet18File) &&
                     result.err.contains("put " + kResNet18File + " into " +
                                         m_tmp.filePath("offline/hub/checkpoints")),
                 qPrintable(result.all()));
        QVERIFY(!QFileInfo::exists(run));
    }
};

QTEST_GUILESS_MAIN(TestCliWeights)
#include "tst_cliweights.moc"
