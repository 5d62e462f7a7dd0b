#pragma once
// Downloads one ImageNet weights file into torch.hub's cache as torchvision would, with what a
// desktop needs on top: progress, cancel, resume of a partial download (HTTP Range) and a file
// that appears under its real name only once its SHA-256 prefix checked out.
//
// The bytes go to NAME.partial next to the final file. A cut connection or a cancel keeps the
// partial file (the next start resumes it) but never the final name; a wrong hash deletes it.

#include "pretrainedweights.h"

#include <QCryptographicHash>
#include <QFile>
#include <QObject>

#include <atomic>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace masklab {

class WeightsDownload : public QObject
{
    Q_OBJECT
public:
    // folder: where the file goes, normally torchHubCheckpointsDir().
    WeightsDownload(WeightsFile weights, QString folder, QObject *parent = nullptr);
    ~WeightsDownload() override;

    // A file already in the folder with the promised hash finishes at once without a request.
    void start();
    void cancel(); // finished(false) follows; the partial file stays for a later resume

    bool isRunning() const { return m_running; } // from start() until finished()
    QString path() const;                        // the final file
    QString partialPath() const;                 // where the bytes arrive
    QString errorString() const { return m_error; }
    bool wasCached() const { return m_cached; }
    bool wasCancelled() const { return m_cancelled; }
    const WeightsFile &weights() const { return m_weights; }

signals:
    // received counts the resumed bytes too; total is -1 while the server has not said.
    void progress(qint64 received, qint64 total);
    void finished(bool ok);

private:
    void request();
    void onMetaData();
    void onReadyRead();
    void onReplyFinished();
    void finish(bool ok, const QString &error = QString());
    bool completeFile(QString *error);
    QString keptNote() const; // what a failed attempt leaves for the next one

    WeightsFile m_weights;
    QString m_folder;
    QNetworkAccessManager *m_network;
    QNetworkReply *m_reply = nullptr; // the request under way
    QFile m_partial;
    QCryptographicHash m_hash; // of the partial file's bytes, as they arrive
    qint64 m_offset = 0;       // bytes of the partial file this request continues from
    qint64 m_total = -1;       // the whole file's size, once the server says
    bool m_acceptsBody = false;
    bool m_retriedWhole = false; // a refused range was answered by one fresh request
    bool m_running = false;
    bool m_cancelled = false;
    bool m_cached = false;
    QString m_error;
};

// For the CLI: runs a download to its end in a local event loop. progress gets bytes; cancel
// (Ctrl+C) is polled. Returns the final path, or an empty string with error set.
QString downloadWeightsBlocking(const WeightsFile &weights, const QString &folder,
                                const std::function<void(qint64, qint64)> &progress,
                                const std::atomic<bool> *cancel, QString *error,
                                bool *wasCached = nullptr);

} // namespace masklab
