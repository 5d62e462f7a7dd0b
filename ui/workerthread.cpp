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
    m_thread = std::thread([this, work = std::move(work)] {
        work();
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
