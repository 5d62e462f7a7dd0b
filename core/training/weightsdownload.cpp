#include "weightsdownload.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

#include <cstdio>

namespace masklab {

namespace {

constexpr int kStallTimeoutMs = 30000; // no byte for this long ends the request
constexpr qint64 kHashChunk = 1 << 20;

QString megabytes(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg(bytes / 1e6, 0, 'f', 1);
}

// "bytes 100-199/1000" -> 100 and 1000 (total -1 when the server writes '*').
bool parseContentRange(const QByteArray &header, qint64 *start, qint64 *total)
{
    static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-\\d+/(\\d+|\\*)$"));
    const QRegularExpressionMatch match = range.match(QString::fromLatin1(header).trimmed());
    if (!match.hasMatch())
        return false;
    *start = match.captured(1).toLongLong();
    *total = match.captured(2) == QLatin1String("*") ? -1 : match.captured(2).toLongLong();
    return true;
}

} // namespace

WeightsDownload::WeightsDownload(WeightsFile weights, QString folder, QObject *parent)
    : QObject(parent), m_weights(std::move(weights)), m_folder(std::move(folder)),
      m_network(new QNetworkAccessManager(this)), m_hash(QCryptographicHash::Sha256)
{
    // http_proxy / https_proxy / no_proxy, as curl, pip and torch.hub honour them.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

WeightsDownload::~WeightsDownload()
{
    if (m_reply) { // stop it without finished() reaching a half-destroyed object
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

QString WeightsDownload::path() const
{
    return m_folder + u'/' + m_weights.fileName();
}

QString WeightsDownload::partialPath() const
{
    return path() + QStringLiteral(".partial");
}

void WeightsDownload::start()
{
    if (m_running)
        return;
    m_running = true;
    m_error.clear();
    m_cancelled = m_cached = m_retriedWhole = false;
    QString ignored;
    if (QFileInfo(path()).isFile() && hasPromisedHash(path(), m_weights, &ignored)) {
        m_cached = true; // a damaged file is downloaded again and replaced
        QTimer::singleShot(0, this, [this] { finish(true); });
        return;
    }
    if (!QDir().mkpath(m_folder)) {
        QTimer::singleShot(0, this, [this] {
            finish(false, QStringLiteral("%1: the folder cannot be created").arg(m_folder));
        });
        return;
    }
    m_partial.setFileName(partialPath());
    if (!m_partial.open(QIODevice::ReadWrite)) {
        QTimer::singleShot(0, this, [this] {
            finish(false, QStringLiteral("%1: %2").arg(partialPath(), m_partial.errorString()));
        });
        return;
    }
    // A partial file from an earlier attempt is resumed: its bytes count towards the hash.
    m_hash.reset();
    while (!m_partial.atEnd())
        m_hash.addData(m_partial.read(kHashChunk));
    m_offset = m_partial.size();
    request();
}

void WeightsDownload::request()
{
    QNetworkRequest request{QUrl(m_weights.url)};
    request.setTransferTimeout(kStallTimeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("MaskLab/%1").arg(QStringLiteral(MASKLAB_VERSION)));
    if (m_offset > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_offset) + '-');
    m_acceptsBody = false;
    m_total = -1;
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &WeightsDownload::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &WeightsDownload::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &WeightsDownload::onReplyFinished);
}

void WeightsDownload::onMetaData()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    qint64 start = 0, total = -1;
    if (status == 206 && parseContentRange(m_reply->rawHeader("Content-Range"), &start, &total) &&
        start == m_offset) {
        m_acceptsBody = true;
        m_total = total;
    } else if (status == 200) { // the server sends the whole file: start the partial over
        m_partial.resize(0);
        m_partial.seek(0);
        m_hash.reset();
        m_offset = 0;
        m_acceptsBody = true;
        m_total = length > 0 ? length : -1;
    } else {
        m_acceptsBody = false; // a redirect, an error page, or a range we did not ask for
    }
    if (m_acceptsBody)
        emit progress(m_offset, m_total);
}

void WeightsDownload::onReadyRead()
{
    const QByteArray bytes = m_reply->readAll();
    if (!m_acceptsBody)
        return;
    if (m_partial.write(bytes) != bytes.size()) {
        m_error = QStringLiteral("%1: %2").arg(partialPath(), m_partial.errorString());
        m_reply->abort();
        return;
    }
    m_hash.addData(bytes);
    emit progress(m_partial.size(), m_total);
}

QString WeightsDownload::keptNote() const
{
    const qint64 size = m_partial.isOpen() ? m_partial.size() : QFileInfo(partialPath()).size();
    if (size == 0)
        return QString();
    return QStringLiteral("; the %1 received so far stay in %2 and the next download resumes there")
        .arg(megabytes(size), partialPath());
}

void WeightsDownload::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString kept = keptNote();
    if (m_cancelled)
        return finish(false, QStringLiteral("the download was cancelled") + kept);
    if (!m_error.isEmpty()) // writing failed
        return finish(false, m_error);
    if (status == 416 && !m_retriedWhole) { // the partial file does not fit the server's file
        m_retriedWhole = true;
        m_partial.resize(0);
        m_hash.reset();
        m_offset = 0;
        return request();
    }
    if (reply->error() != QNetworkReply::NoError) {
        const QString why =
            reply->error() == QNetworkReply::OperationCanceledError
                ? QStringLiteral("no data arrived for %1 s").arg(kStallTimeoutMs / 1000)
                : reply->errorString();
        return finish(false,
                      QStringLiteral("downloading %1 failed: %2").arg(m_weights.url, why) + kept);
    }
    if (!m_acceptsBody)
        return finish(false, QStringLiteral("downloading %1 failed: the server answered HTTP %2 "
                                            "without the file's bytes")
                                 .arg(m_weights.url)
                                 .arg(status));
    QString error;
    if (!completeFile(&error))
        return finish(false, error);
    finish(true);
}

// The partial file becomes the final one if it is whole and its hash is the promised one.
bool WeightsDownload::completeFile(QString *error)
{
    m_partial.close();
    const qint64 size = QFileInfo(partialPath()).size();
    if (m_total >= 0 && size != m_total) {
        *error = QStringLiteral("downloading %1 ended after %2 of %3 bytes")
                     .arg(m_weights.url)
                     .arg(size)
                     .arg(m_total) +
                 keptNote();
        return false;
    }
    const QString digest = QString::fromLatin1(m_hash.result().toHex());
    if (!digest.startsWith(m_weights.hashPrefix())) {
        QFile::remove(partialPath());
        *error = QStringLiteral("the file downloaded from %1 was refused: its SHA-256 begins %2, "
                                "not %3 as its name promises (nothing was kept)")
                     .arg(m_weights.url, digest.left(m_weights.hashPrefix().size()),
                          m_weights.hashPrefix());
        return false;
    }
    // rename(2) replaces a damaged file of the same name atomically: readers see old or new.
    if (std::rename(QFile::encodeName(partialPath()).constData(),
                    QFile::encodeName(path()).constData()) != 0) {
        *error = QStringLiteral("%1: cannot be renamed to %2").arg(partialPath(), path());
        return false;
    }
    return true;
}

void WeightsDownload::cancel()
{
    if (!m_reply)
        return;
    m_cancelled = true;
    m_reply->abort(); // finished follows
}

void WeightsDownload::finish(bool ok, const QString &error)
{
    if (m_partial.isOpen())
        m_partial.close();
    m_error = error;
    m_running = false;
    emit finished(ok);
}

QString downloadWeightsBlocking(const WeightsFile &weights, const QString &folder,
                                const std::function<void(qint64, qint64)> &progress,
                                const std::atomic<bool> *cancel, QString *error, bool *wasCached)
{
    WeightsDownload download(weights, folder);
    QEventLoop loop;
    bool ok = false;
    if (progress)
        QObject::connect(&download, &WeightsDownload::progress, &loop, progress);
    QObject::connect(&download, &WeightsDownload::finished, &loop, [&](bool success) {
        ok = success;
        loop.quit();
    });
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &download, [&] {
        if (cancel && cancel->load())
            download.cancel();
    });
    poll.start(100);
    download.start();
    loop.exec();
    if (wasCached)
        *wasCached = download.wasCached();
    if (!ok) {
        *error = download.errorString();
        return QString();
    }
    return download.path();
}

} // namespace masklab
