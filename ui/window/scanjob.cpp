#include "scanjob.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace masklab::ui {

ScanJob::ScanJob(QObject *parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<ScanResult>>::finished, this,
            &ScanJob::onFinished);
}

ScanJob::~ScanJob()
{
    cancel();
    m_watcher.waitForFinished();
}

void ScanJob::start(const QString &path, const ScanOptions &options)
{
    cancel();
    // The old scan stops at its next check; setFuture() then drops its pending signals.
    m_watcher.waitForFinished();

    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancelFlag;
    QPointer<ScanJob> self(this);
    // Progress arrives on pool threads: hop to the GUI thread with a queued call.
    ProgressSink sink;
    sink.cancel = cancelFlag.get();
    sink.report = [self, cancelFlag](const QString &phase, qint64 done, qint64 total) {
        if (!self || cancelFlag->load())
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, phase, done, total] {
                if (self)
                    emit self->progressChanged(phase, done, total);
            },
            Qt::QueuedConnection);
    };
    m_watcher.setFuture(QtConcurrent::run([path, options, sink, cancelFlag, self] {
        auto result = std::make_shared<ScanResult>(indexDataset(path, options, sink));
        if (result->located && !result->cancelled) {
            std::shared_ptr<const ScanResult> index = std::make_shared<ScanResult>(*result);
            QMetaObject::invokeMethod(
                self.data(),
                [self, index, cancelFlag] {
                    if (self && !cancelFlag->load())
                        emit self->indexed(index);
                },
                Qt::QueuedConnection);
        }
        checkDatasetImages(*result, options, sink);
        return result;
    }));
}

void ScanJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool ScanJob::isRunning() const
{
    return m_watcher.isRunning();
}

void ScanJob::onFinished()
{
    emit finished(m_watcher.result());
}

} // namespace masklab::ui
