#include "workerthread.h"

#include <QMetaObject>

namespace masklab::ui {

WorkerThread::WorkerThread(QObject *parent) : QObject(parent) {}

WorkerThread::~WorkerThread()
{
    m_cancel = true;
    waitForFinished();
}

bool WorkerThread::start(std::function<void()> work)
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
        QMetaObject::invokeMethod(this, &WorkerThread::onWorkDone, Qt::QueuedConnection);
    });
    return true;
}

void WorkerThread::waitForFinished()
{
    if (m_thread.joinable())
        m_thread.join();
}

void WorkerThread::onWorkDone()
{
    waitForFinished();
    m_running = false;
    emit finished();
}

} // namespace masklab::ui
