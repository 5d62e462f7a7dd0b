#include "mapphotostrip.h"

#include "thumbnailcache.h"

#include <QPainter>

namespace masklab::ui {

namespace {
constexpr int kThumbHeight = 96;
constexpr int kThumbWidth = 72;

// The thumbnail centred on a canvas of the icon's size, so every item has the same size
// before and after its thumbnail arrives.
QIcon iconOf(const QPixmap *thumbnail)
{
    QPixmap canvas(kThumbWidth, kThumbHeight);
    canvas.fill(QColor(0xee, 0xee, 0xee));
    if (thumbnail) {
        const QPixmap fitted =
            thumbnail->scaled(canvas.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
        QPainter(&canvas).drawPixmap((kThumbWidth - fitted.width()) / 2,
                                     (kThumbHeight - fitted.height()) / 2, fitted);
    }
    return QIcon(canvas);
}
} // namespace

MapPhotoStrip::MapPhotoStrip(ThumbnailCache *thumbnails, QWidget *parent)
    : QListWidget(parent), m_thumbnails(thumbnails)
{
    setViewMode(QListView::IconMode);
    setIconSize(QSize(kThumbWidth, kThumbHeight));
    setGridSize(QSize(112, kThumbHeight + 44));
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setWordWrap(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this, &MapPhotoStrip::refreshIcons);
}

void MapPhotoStrip::showPhotos(const std::vector<StripPhoto> &photos)
{
    clear();
    m_photos.assign(photos.begin(),
                    photos.begin() + std::min<size_t>(photos.size(), size_t(kMostShown)));
    for (const StripPhoto &photo : m_photos) {
        auto *item = new QListWidgetItem(iconOf(nullptr), photo.text, this);
        item->setData(Qt::UserRole, false); // its thumbnail is not there yet
        item->setToolTip(photo.toolTip.isEmpty() ? photo.path : photo.toolTip);
        item->setTextAlignment(Qt::AlignHCenter | Qt::AlignTop);
    }
    refreshIcons();
}

int MapPhotoStrip::rowAt(int item) const
{
    return item >= 0 && size_t(item) < m_photos.size() ? m_photos[size_t(item)].row : -1;
}

void MapPhotoStrip::refreshIcons()
{
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem *it = item(i);
        if (it->data(Qt::UserRole).toBool())
            continue;
        if (const QPixmap *pixmap = m_thumbnails->pixmap(m_photos[size_t(i)].path, kThumbHeight,
                                                         ThumbnailCache::kAlwaysWanted)) {
            it->setIcon(iconOf(pixmap));
            it->setData(Qt::UserRole, true);
        }
    }
}

} // namespace masklab::ui
