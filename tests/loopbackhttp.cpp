#include "loopbackhttp.h"

#include <QRegularExpression>
#include <QTcpSocket>

namespace masklab::test {

LoopbackHttp::LoopbackHttp(QObject *parent) : QTcpServer(parent)
{
    listen(QHostAddress::LocalHost);
    connect(this, &QTcpServer::newConnection, this, &LoopbackHttp::onConnection);
}

QString LoopbackHttp::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1/%2").arg(serverPort()).arg(path);
}

void LoopbackHttp::onConnection()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            // The request head may come in pieces: keep them on the socket until it is whole.
            const QByteArray text = socket->property("head").toByteArray() + socket->readAll();
            socket->setProperty("head", text);
            if (!text.contains("\r\n\r\n"))
                return;
            Request request;
            request.path = text.split(' ').value(1).mid(1);
            static const QRegularExpression range(QStringLiteral("\\r\\nRange: *([^\\r]*)"),
                                                  QRegularExpression::CaseInsensitiveOption);
            const QRegularExpressionMatch match = range.match(QString::fromLatin1(text));
            if (match.hasMatch())
                request.range = match.captured(1).toLatin1();
            m_requests << request;
            answer(socket, request);
        });
    }
}

void LoopbackHttp::answer(QTcpSocket *socket, const Request &request)
{
    const auto file = m_files.constFind(QString::fromLatin1(request.path));
    QByteArray head, body;
    if (file == m_files.cend()) {
        body = "not here";
        head = "HTTP/1.1 404 Not Found\r\n";
    } else if (m_honoursRange && request.range.startsWith("bytes=")) {
        const qint64 start = request.range.mid(6).chopped(1).toLongLong();
        if (start >= file->size()) {
            head = "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" +
                   QByteArray::number(file->size()) + "\r\n";
        } else {
            body = file->mid(start);
            head = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " +
                   QByteArray::number(start) + '-' + QByteArray::number(file->size() - 1) + '/' +
                   QByteArray::number(file->size()) + "\r\n";
        }
    } else {
        body = *file;
        head = "HTTP/1.1 200 OK\r\n";
    }
    if (m_sendsLength)
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    head += "Connection: close\r\n\r\n";
    socket->write(head);
    if (m_stallAfter >= 0) {
        socket->write(body.left(m_stallAfter));
        return;
    }
    socket->write(m_cutAfter >= 0 ? body.left(m_cutAfter) : body);
    socket->disconnectFromHost(); // after the bytes are written
}

} // namespace masklab::test
