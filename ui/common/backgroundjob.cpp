#include "backgroundjob.h"

#include <QMetaObject>

namespace masklab::ui {

BackgroundJob::BackgroundJob(QObject *parent) : QObject(parent) {}

BackgroundJob::~BackgroundJob()
{
    stopAndWait(); // a no-op when the derived destructor did it, as it must
}

void BackgroundJob::stopAndWait()
{
    m_cancel = true;
    waitForFinished();
}

bool BackgroundJob::launch(std::function<void()> work)
{
    if (m_running)
        return false;
    waitForFinished();
    m_running = true;
    m_cancel = false;
    m_escapedError.clear();
    m_thread = std::thread([this, work = std::move(work)] {
        try {
            work();
        } catch (const std::exception &e) {
            m_escapedError = QString::fromLocal8Bit(e.what()).section(u'\n', 0, 0);
        } catch (...) {
            m_escapedError = QStringLiteral("an error of an unknown kind");
        }
        QMetaObject::invokeMethod(this, &BackgroundJob::onWorkDone, Qt::QueuedConnection);
    });
    return true;
}

void BackgroundJob::notifyUpdate()
{
    QMetaObject::invokeMethod(this, &BackgroundJob::updateAvailable, Qt::QueuedConnection);
}

void BackgroundJob::waitForFinished()
{
    if (m_thread.joinable())
        m_thread.join();
}

void BackgroundJob::onWorkDone()
{
    waitForFinished();
    m_running = false;
    workEnded(m_escapedError.isEmpty() ? QString()
                                       : tr("unexpected error: %1").arg(m_escapedError));
}

} // namespace masklab::ui
