// Downloading ImageNet weights into torch.hub's cache, against a server on the loopback
// interface: the file arrives under its real name only whole and with the promised hash; a cut
// connection leaves no usable file and the next attempt resumes; a cached file needs no request.

#include "loopbackhttp.h"
#include "pretrainedweights.h"
#include "testsupport.h"
#include "weightsdownload.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;

namespace {

// Random bytes standing in for a state dict, with the name torch.hub would give them.
struct ServedFile
{
    QByteArray bytes;
    QString name; // "resnet18-<first 8 hex digits of the SHA-256>.pth"
};

ServedFile makeFile(qint64 size)
{
    ServedFile file;
    file.bytes.resize(size);
    QRandomGenerator generator(11);
    generator.fillRange(reinterpret_cast<quint32 *>(file.bytes.data()), size / 4);
    const QByteArray hash = QCryptographicHash::hash(file.bytes, QCryptographicHash::Sha256);
    file.name = QStringLiteral("resnet18-%1.pth").arg(QString::fromLatin1(hash.toHex().left(8)));
    return file;
}

WeightsFile weightsAt(const QString &url)
{
    return {ModelConfig::Architecture::ResNet18, QStringLiteral("resnet18"), url};
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Runs the download to its end; returns whether it succeeded.
bool runToEnd(WeightsDownload &download)
{
    QSignalSpy finished(&download, &WeightsDownload::finished);
    download.start();
    if (!finished.wait(20000))
        return false;
    return finished.first().first().toBool();
}

} // namespace

class TestWeightsDownload : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    ServedFile m_file = makeFile(3 << 20);
    int m_case = 0;

    QString newCache() { return m_tmp.filePath(QStringLiteral("cache%1").arg(++m_case)); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        qunsetenv("http_proxy"); // the server is on loopback, a proxy would not reach it
        qunsetenv("HTTP_PROXY");
    }

    void downloadsIntoTheCacheUnderItsName()
    {
        LoopbackHttp server;
        server.serve(m_file.name, m_file.bytes);
        const QString cache = newCache();
        WeightsDownload download(weightsAt(server.url(m_file.name)), cache);
        QSignalSpy progress(&download, &WeightsDownload::progress);
        QVERIFY2(runToEnd(download), qPrintable(download.errorString()));
        QCOMPARE(download.path(), cache + u'/' + m_file.name);
        QVERIFY(contents(download.path()) == m_file.bytes);
        QVERIFY(!QFile::exists(download.partialPath()));
        QVERIFY(!download.wasCached());
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), m_file.bytes.size());
        QCOMPARE(progress.last().at(1).toLongLong(), m_file.bytes.size());
        QCOMPARE(server.requests().size(), 1);
        QVERIFY(server.requests().first().range.isEmpty());
    }

    void theTrainerFindsWhatWasDownloaded()
    {
        LoopbackHttp server;
        server.serve(m_file.name, m_file.bytes);
        qputenv("TORCH_HOME", m_tmp.filePath(QStringLiteral("torch")).toUtf8());
        const WeightsFile weights = weightsAt(server.url(m_file.name));
        WeightsDownload download(weights, torchHubCheckpointsDir());
        QVERIFY2(runToEnd(download), qPrintable(download.errorString()));
        ModelConfig model;
        model.architecture = ModelConfig::Architecture::ResNet18;
        model.pretrained = QLatin1String(kImageNetPretrained);
        QString error;
        QCOMPARE(resolvePretrained(model, {weights}, &error).value_or(error), download.path());
        qunsetenv("TORCH_HOME");
    }

    void aCachedFileNeedsNoRequest()
    {
        LoopbackHttp server;
        server.serve(m_file.name, m_file.bytes);
        const QString cache = newCache();
        QVERIFY(writeFile(cache + u'/' + m_file.name, m_file.bytes));
        WeightsDownload download(weightsAt(server.url(m_file.name)), cache);
        QVERIFY(runToEnd(download));
        QVERIFY(download.wasCached());
        QVERIFY(server.requests().isEmpty());
    }

    void aDamagedCachedFileIsReplaced()
    {
        LoopbackHttp server;
        server.serve(m_file.name, m_file.bytes);
        const QString cache = newCache();
        QVERIFY(writeFile(cache + u'/' + m_file.name, m_file.bytes.left(1000)));
        WeightsDownload download(weightsAt(server.url(m_file.name)), cache);
        QVERIFY2(runToEnd(download), qPrintable(download.errorString()));
        QVERIFY(!download.wasCached());
        QVERIFY(contents(download.path()) == m_file.bytes);
    }

    void aWrongHashIsRefusedAndNothingKept()
    {
        LoopbackHttp server;
        const QString name = QStringLiteral("resnet18-00000000.pth");
        server.serve(name, m_file.bytes);
        const QString cache = newCache();
        WeightsDownload download(weightsAt(server.url(name)), cache);
        QVERIFY(!runToEnd(download));
        QVERIFY2(download.errorString().contains(QStringLiteral("refused")) &&
                     download.errorString().contains(QStringLiteral("not 00000000")),
                 qPrintable(download.errorString()));
        QVERIFY(QDir(cache).entryList(QDir::Files).isEmpty());
    }

    void aCutConnectionLeavesNoFileAndTheNextAttemptResumes()
    {
        LoopbackHttp server;
        server.serve(m_file.name, m_file.bytes);
        server.setCutAfter(m_file.bytes.size() / 3);
        const QString cache = newCache();
        WeightsDownload download(weightsAt(server.url(m_file.name)), cache);
        QVERIFY(!runToEnd(download));
        QVERIFY2(download.errorString().contains(server.url(m_file.name)) &&
                     download.errorString().contains(QStringLiteral("resumes")),
                 qPrintable(download.errorString()));
        QVERIFY(!QFile::exists(download.path()));
        QCOMPARE(QFileInfo(download.partialPath()).size(), m_file.bytes.size() / 3);

        server.setCutAfter(-1);
        QVERIFY2(runToEnd(download), qPrintable(download.errorString()));
        // Qt itself may retry the cut request once before it gives up; the resume comes last.
        QVERIFY(server.requests().size() >= 2);
        QCOMPARE(server.requests().last().range,
                 "bytes=" + QByteArray::number(m_file.bytes.size() / 3) + '-');
        QVERIFY(contents(download.path()) == m_file.bytes);
        QVERIFY(!QFile::exists(download.partialPath()));
    }

    // Without Content-Length a cut looks like an end; Content-Range's total tells it apart.
    void aShortRangeIsKeptForTheNextAttempt()
    {
        LoopbackHttp server;
        server.serve(m_file.name, m_file.bytes);
        const qint64 third = m_file.bytes.size() / 3;
        const QString cache = newCache();
        QDir().mkpath(cache);
        WeightsDownload download(weightsAt(server.url(m_file.name)), cache);
        QVERIFY(writeFile(download.partialPath(), m_file.bytes.left(third)));
        server.setSendsLength(false);
        server.setCutAfter(third);
        QVERIFY(!runToEnd(download));
        QVERIFY2(download.errorString().contains(QStringLiteral("ended after %1 of %2 bytes")
                                                     .arg(2 * third)
                                                     .arg(m_file.bytes.size())),
                 qPrintable(download.errorString()));
        QCOMPARE(QFileInfo(download.partialPath()).size(), 2 * third);
        server.setCutAfter(-1);
        QVERIFY2(runToEnd(download), qPrintable(download.errorString()));
        QVERIFY(contents(download.path()) == m_file.bytes);
    }

    void aServerWithoutRangesSendsTheWholeFileAgain()
    {
        LoopbackHttp server;
        server.serve(m_file.name, m_file.bytes);
        server.setCutAfter(1 << 20);
        const QString cache = newCache();
        WeightsDownload download(weightsAt(server.url(m_file.name)), cache);
        QVERIFY(!runToEnd(download));
        server.setCutAfter(-1);
        server.setHonoursRange(false);
        QVERIFY2(runToEnd(download), qPrintable(download.errorString()));
        QVERIFY(contents(download.path()) == m_file.bytes);
    }

    void aPartialFileLongerThanTheServersStartsOver()
    {
        LoopbackHttp server;
        server.serve(m_file.name, m_file.bytes);
        const QString cache = newCache();
        QDir().mkpath(cache);
        WeightsDownload download(weightsAt(server.url(m_file.name)), cache);
        QVERIFY(writeFile(download.partialPath(), QByteArray(m_file.bytes.size() + 10, 'x')));
        QVERIFY2(runToEnd(download), qPrintable(download.errorString()));
        QCOMPARE(server.requests().size(), 2); // the refused range, then the whole file
        QVERIFY(contents(download.path()) == m_file.bytes);
    }

    void cancelKeepsThePartialFileOnly()
    {
        LoopbackHttp server;
        server.serve(m_file.name, QByteArray(64 << 20, 'a'));
        const QString cache = newCache();
        WeightsDownload download(weightsAt(server.url(m_file.name)), cache);
        connect(&download, &WeightsDownload::progress, &download, [&download](qint64 received) {
            if (received > 0)
                download.cancel();
        });
        QVERIFY(!runToEnd(download));
        QVERIFY2(download.errorString().contains(QStringLiteral("cancelled")),
                 qPrintable(download.errorString()));
        QVERIFY(!QFile::exists(download.path()));
    }

    void aMissingFileNamesTheUrlAndStatus()
    {
        LoopbackHttp server;
        const QString url = server.url(QStringLiteral("resnet18-12345678.pth"));
        WeightsDownload download(weightsAt(url), newCache());
        QVERIFY(!runToEnd(download));
        QVERIFY2(download.errorString().contains(url) &&
                     download.errorString().contains(QStringLiteral("Not Found")),
                 qPrintable(download.errorString()));
        QVERIFY(!QFile::exists(download.path()));
    }

    void noServerIsAClearError()
    {
        LoopbackHttp server;
        const QString url = server.url(m_file.name);
        server.close(); // nothing listens on the port any more
        WeightsDownload download(weightsAt(url), newCache());
        QVERIFY(!runToEnd(download));
        QVERIFY2(
            download.errorString().contains(url) &&
                download.errorString().contains(QStringLiteral("refused"), Qt::CaseInsensitive),
            qPrintable(download.errorString()));
    }

    void anUnwritableFolderIsNamed()
    {
        LoopbackHttp server;
        server.serve(m_file.name, m_file.bytes);
        QFile blocker(m_tmp.filePath(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString cache = blocker.fileName() + QStringLiteral("/checkpoints");
        WeightsDownload download(weightsAt(server.url(m_file.name)), cache);
        QVERIFY(!runToEnd(download));
        QVERIFY2(download.errorString().contains(cache), qPrintable(download.errorString()));
        QVERIFY(server.requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWeightsDownload)
#include "tst_weightsdownload.moc"
