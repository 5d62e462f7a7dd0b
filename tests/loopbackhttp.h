#pragma once
// A small HTTP/1.1 server on 127.0.0.1 for the download tests: serves byte arrays by path,
// honours "Range: bytes=N-" (unless told not to), can cut the connection after some bytes, and
// records each request, so a test can say "no request was made" or "the resume asked for N-".

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>

namespace masklab::test {

class LoopbackHttp : public QTcpServer
{
    Q_OBJECT
public:
    explicit LoopbackHttp(QObject *parent = nullptr);

    void serve(const QString &path, const QByteArray &body) { m_files.insert(path, body); }
    QString url(const QString &path) const;                // http://127.0.0.1:PORT/path
    void setCutAfter(qint64 bytes) { m_cutAfter = bytes; } // -1: send every byte
    // Sends this many bytes of the body, then nothing more, keeping the connection open.
    void setStallAfter(qint64 bytes) { m_stallAfter = bytes; }
    void setHonoursRange(bool on) { m_honoursRange = on; }
    // Without Content-Length the end of the connection ends the body, as HTTP/1.0 servers do.
    void setSendsLength(bool on) { m_sendsLength = on; }

    struct Request
    {
        QByteArray path;
        QByteArray range; // the Range header, empty when none
    };
    const QList<Request> &requests() const { return m_requests; }

private:
    void onConnection();
    void answer(QTcpSocket *socket, const Request &request);

    QHash<QString, QByteArray> m_files;
    QList<Request> m_requests;
    qint64 m_cutAfter = -1;
    qint64 m_stallAfter = -1;
    bool m_honoursRange = true;
    bool m_sendsLength = true;
};

} // namespace masklab::test
