#pragma once
// Thumbnails for the views: an in-memory cache costed in bytes, in front of loadThumbnail()
// running on a thread pool. Newest requests run first (what is on screen now), and requests for
// rows that scrolled far away are dropped before they decode.

#include "photoplaceholder.h"

#include <QCache>
#include <QHash>
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

    // The user's thumbnail folder (ThumbnailStore::defaultDir()) unless set otherwise.
    void setDiskCacheDir(const QString &dir) { m_diskCache = dir; }
    QString diskCacheDir() const { return m_diskCache; }
    void setMemoryLimitBytes(qint64 bytes);

    // The row of a request that is never dropped: a view that shows one photo set at a time
    // (Suspects, the photo viewer) rather than the browser's scrolled rows.
    static constexpr int kAlwaysWanted = -1;

    // The pixmap when cached; otherwise nothing, and a load is queued (once) for the request.
    // row tells which browser row needs it, so loads for rows far from the visible ones can be
    // dropped; kAlwaysWanted loads whatever the browser shows.
    const QPixmap *pixmap(const QString &path, int height, int row);
    // Ready, Loading, or why there is no picture: Broken (does not decode) or Missing (the file
    // is gone).
    PhotoState state(const QString &path, int height) const;
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
    void deliver(const QString &key, const QString &path, int height, const QImage &image,
                 bool exists);

    QCache<QString, QPixmap> m_memory;
    QSet<QString> m_pending;
    QSet<QString> m_rescue; // pending for a browser row, and wanted by a view that is not
    QHash<QString, PhotoState> m_failed; // Broken or Missing
    QThreadPool m_pool;
    QString m_diskCache;
    std::shared_ptr<Shared> m_shared;
    int m_priority = 0;
};

} // namespace masklab::ui
