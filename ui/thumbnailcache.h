#pragma once
// Thumbnails for the views: an in-memory cache costed in bytes, in front of loadThumbnail()
// running on a thread pool. Newest requests run first (what is on screen now), and requests for
// rows that scrolled far away are dropped before they decode.

#include <QCache>
#include <QObject>
#include <QPixmap>
#include <QSet>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace masklab::ui {

class ThumbnailCache : public QObject
{
    Q_OBJECT
public:
    explicit ThumbnailCache(QObject *parent = nullptr);
    ~ThumbnailCache() override;

    void setDiskCacheDir(const QString &dir) { m_diskCache = dir; }
    QString diskCacheDir() const { return m_diskCache; }
    void setMemoryLimitBytes(qint64 bytes);

    // The pixmap when cached; otherwise nothing, and a load is queued (once) for the request.
    // row tells which view row needs it, so loads for rows far from the visible ones can be
    // dropped.
    const QPixmap *pixmap(const QString &path, int height, int row);
    bool isBroken(const QString &path, int height) const;
    // The rows now on screen; queued loads further than a screen away are dropped.
    void setVisibleRows(int first, int last);
    void clear();

    int pendingCount() const { return int(m_pending.size()); }
    QThreadPool *pool() { return &m_pool; }

signals:
    void thumbnailReady(const QString &path, int height);

private:
    struct Shared; // state the pool tasks read, alive while a task still runs
    void deliver(const QString &key, const QString &path, int height, const QImage &image);

    QCache<QString, QPixmap> m_memory;
    QSet<QString> m_pending;
    QSet<QString> m_broken;
    QThreadPool m_pool;
    QString m_diskCache;
    std::shared_ptr<Shared> m_shared;
    int m_priority = 0;
};

} // namespace masklab::ui
