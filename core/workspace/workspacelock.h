#pragma once
// Who may write a workspace's user files (the relabel overlay, the settings, the dismissed
// suspects): one MaskLab at a time. The first process to open the workspace holds a lock file
// in it; another one gets the workspace read-only and is told who holds it. A lock left behind
// by a process that died is taken over. Runs and caches need no lock: each run claims its own
// folder and caches are replaced whole.

#include <QString>

#include <memory>

class QLockFile;

namespace masklab {

class WorkspaceLock
{
public:
    explicit WorkspaceLock(const QString &workspaceDir);
    ~WorkspaceLock(); // releases the lock when held

    WorkspaceLock(const WorkspaceLock &) = delete;
    WorkspaceLock &operator=(const WorkspaceLock &) = delete;

    // True when this process holds the lock now. Otherwise refusal() says, in the user's
    // words, why the workspace is read-only (who holds it, or what could not be written).
    bool tryAcquire();
    QString refusal() const { return m_refusal; }
    QString path() const { return m_path; }

    static constexpr const char *kFileName = "masklab.lock";

private:
    QString m_dir;
    QString m_path;
    std::unique_ptr<QLockFile> m_file;
    QString m_refusal;
};

} // namespace masklab
