#include "workspacelock.h"

#include <QDir>
#include <QLockFile>

namespace masklab {

WorkspaceLock::WorkspaceLock(const QString &workspaceDir)
    : m_dir(workspaceDir), m_path(workspaceDir + u'/' + QLatin1String(kFileName)),
      m_file(std::make_unique<QLockFile>(m_path))
{
    // A lock is stale only when its process is gone, however long a MaskLab stays open.
    m_file->setStaleLockTime(0);
}

WorkspaceLock::~WorkspaceLock() = default; // QLockFile unlocks on destruction

bool WorkspaceLock::tryAcquire()
{
    if (m_file->isLocked())
        return true;
    if (!QDir().mkpath(m_dir)) {
        m_refusal = QStringLiteral("the workspace %1 cannot be created, so edits cannot be saved")
                        .arg(QDir::toNativeSeparators(m_dir));
        return false;
    }
    if (m_file->tryLock(0)) {
        m_refusal.clear();
        return true;
    }
    if (m_file->error() != QLockFile::LockFailedError) {
        m_refusal = QStringLiteral("cannot write the lock file %1 (the workspace is read-only or "
                                   "full), so edits cannot be saved")
                        .arg(QDir::toNativeSeparators(m_path));
        return false;
    }
    qint64 pid = 0;
    QString host, application;
    const QString who = m_file->getLockInfo(&pid, &host, &application)
                            ? QStringLiteral(" (process %1 on %2)").arg(pid).arg(host)
                            : QString();
    m_refusal = QStringLiteral("the workspace %1 is open in another MaskLab%2; edits are made "
                               "there, this window only reads them")
                    .arg(QDir::toNativeSeparators(m_dir), who);
    return false;
}

} // namespace masklab
