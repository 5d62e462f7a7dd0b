#pragma once
// Runs the dataset scanner on a pool thread and reports back on the GUI thread.

#include "datasetscanner.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>

namespace masklab::ui {

class ScanJob : public QObject
{
    Q_OBJECT
public:
    explicit ScanJob(QObject *parent = nullptr);
    ~ScanJob() override;

    // Starts a scan; a scan already running is cancelled first (its result is dropped).
    void start(const QString &path, const ScanOptions &options = {});
    void cancel();
    bool isRunning() const;

signals:
    void progressChanged(const QString &phase, qint64 done, qint64 total);
    // The index is ready (CSV and folders, no image read yet): enough to start browsing while
    // the images are checked. Not emitted when the path holds no dataset.
    void indexed(std::shared_ptr<const masklab::ScanResult> result);
    void finished(std::shared_ptr<const masklab::ScanResult> result);

private:
    void onFinished();

    QFutureWatcher<std::shared_ptr<ScanResult>> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace masklab::ui
