#include "thumbnailcache.h"

#include "thumbnailloader.h"
#include "thumbnailstore.h"

#include <QFileInfo>
#include <QPointer>
#include <QRunnable>

namespace masklab::ui {

struct ThumbnailCache::Shared
{
    std::atomic<int> firstVisible{0};
    std::atomic<int> lastVisible{-1};
    std::atomic<bool> closing{false};

    bool wanted(int row) const
    {
        if (row == kAlwaysWanted)
            return true;
        const int first = firstVisible.load();
        const int last = lastVisible.load();
        if (last < first)
            return true; // nothing known yet
        const int margin = std::max(8, last - first + 1);
        return row >= first - margin && row <= last + margin;
    }
};

namespace {
QString cacheKey(const QString &path, int height)
{
    return path + u'@' + QString::number(height);
}
} // namespace

ThumbnailCache::ThumbnailCache(QObject *parent)
    : QObject(parent), m_diskCache(ThumbnailStore::defaultDir()),
      m_shared(std::make_shared<Shared>())
{
    setMemoryLimitBytes(160ll << 20); // ~3,300 thumbnails at the 128 px tier
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
}

ThumbnailCache::~ThumbnailCache()
{
    m_shared->closing = true;
    m_pool.clear();
    m_pool.waitForDone();
}

void ThumbnailCache::setMemoryLimitBytes(qint64 bytes)
{
    m_memory.setMaxCost(bytes);
}

void ThumbnailCache::setVisibleRows(int first, int last)
{
    m_shared->firstVisible = first;
    m_shared->lastVisible = last;
}

void ThumbnailCache::clear()
{
    m_pool.clear();
    m_memory.clear();
    m_pending.clear();
    m_rescue.clear();
    m_failed.clear();
}

PhotoState ThumbnailCache::state(const QString &path, int height) const
{
    const QString key = cacheKey(path, height);
    if (m_memory.contains(key))
        return PhotoState::Ready;
    return m_failed.value(key, PhotoState::Loading);
}

bool ThumbnailCache::isBroken(const QString &path, int height) const
{
    return m_failed.contains(cacheKey(path, height));
}

const QPixmap *ThumbnailCache::pixmap(const QString &path, int height, int row)
{
    const QString key = cacheKey(path, height);
    if (const QPixmap *cached = m_memory.object(key))
        return cached;
    if (m_pending.contains(key) && row == kAlwaysWanted)
        m_rescue.insert(key); // a browser load of it may be dropped: then load it anyway
    if (m_pending.contains(key) || m_failed.contains(key))
        return nullptr;
    m_pending.insert(key);
    const ThumbnailRequest request{path, height, m_diskCache};
    std::shared_ptr<Shared> shared = m_shared;
    QPointer<ThumbnailCache> self(this);
    m_pool.start(
        [request, shared, self, key, row] {
            if (shared->closing)
                return;
            QImage image;
            bool dropped = !shared->wanted(row);
            if (!dropped)
                image = loadThumbnail(request).image;
            // A photo removed since the scan is "missing", not "broken".
            const bool exists = !image.isNull() || QFileInfo::exists(request.path);
            // QImage crosses threads; the QPixmap is made on the GUI thread in deliver().
            QMetaObject::invokeMethod(
                self.data(),
                [self, key, request, image, dropped, exists] {
                    if (!self)
                        return;
                    if (dropped) {
                        self->m_pending.remove(key);    // asked again if it scrolls back in
                        if (self->m_rescue.remove(key)) // or now, for a view that needs it
                            self->pixmap(request.path, request.height, kAlwaysWanted);
                    } else
                        self->deliver(key, request.path, request.height, image, exists);
                },
                Qt::QueuedConnection);
        },
        ++m_priority); // newest first: what the view painted last is on screen now
    return nullptr;
}

void ThumbnailCache::deliver(const QString &key, const QString &path, int height,
                             const QImage &image, bool exists)
{
    m_pending.remove(key);
    m_rescue.remove(key);
    if (image.isNull()) {
        m_failed.insert(key, exists ? PhotoState::Broken : PhotoState::Missing);
    } else {
        auto *pixmap = new QPixmap(QPixmap::fromImage(image));
        m_memory.insert(key, pixmap, int(std::min<qint64>(INT_MAX, image.sizeInBytes())));
    }
    emit thumbnailReady(path, height);
}

} // namespace masklab::ui
