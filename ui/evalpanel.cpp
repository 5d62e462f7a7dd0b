#include "evalpanel.h"

#include "datasetscanner.h"
#include "thumbnailcache.h"

#include <QLabel>
#include <QListView>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace masklab::ui {

namespace {
constexpr int kThumbHeight = 128;
}

EvalImageModel::EvalImageModel(ThumbnailCache *thumbnails, QObject *parent)
    : QAbstractListModel(parent), m_thumbnails(thumbnails)
{
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this, [this](const QString &path) {
        const int row = m_rowOfPath.value(path, -1);
        if (row >= 0)
            emit dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

void EvalImageModel::setScan(std::shared_ptr<const ScanResult> scan)
{
    beginResetModel();
    m_scan = std::move(scan);
    m_rowOfPath.clear();
    for (int row = 0; row < rowCount(); ++row)
        m_rowOfPath.insert(path(row), row);
    endResetModel();
}

int EvalImageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_scan ? 0 : int(m_scan->dataset.evalImages.size());
}

QString EvalImageModel::path(int row) const
{
    return m_scan->dataset.evalImagePath(m_scan->dataset.evalImages[size_t(row)]);
}

QVariant EvalImageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const EvalImage &image = m_scan->dataset.evalImages[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return image.imageId.left(10) + QStringLiteral("...");
    case Qt::ToolTipRole:
        return QStringLiteral("%1\ninfo.csv line %2").arg(path(index.row())).arg(image.csvLine);
    case Qt::SizeHintRole:
        return QSize(kThumbHeight * 3 / 4 + 20, kThumbHeight + 24);
    case Qt::DecorationRole: {
        const QPixmap *pixmap =
            image.image.fileName.isEmpty()
                ? nullptr
                : m_thumbnails->pixmap(path(index.row()), kThumbHeight, index.row());
        if (pixmap)
            return *pixmap;
        // A placeholder of the final size keeps the grid steady while thumbnails arrive.
        static const QPixmap placeholder = [] {
            QPixmap p(kThumbHeight * 3 / 4, kThumbHeight);
            p.fill(QColor(0xe0, 0xe0, 0xe0));
            return p;
        }();
        return placeholder;
    }
    default:
        return {};
    }
}

EvalPanel::EvalPanel(QWidget *parent)
    : QWidget(parent), m_thumbnails(new ThumbnailCache(this)),
      m_model(new EvalImageModel(m_thumbnails, this)), m_view(new QListView(this)),
      m_info(new QLabel(this))
{
    m_thumbnails->setDiskCacheDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                                  QStringLiteral("/thumbnails"));
    m_view->setModel(m_model);
    m_view->setViewMode(QListView::IconMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);
    m_view->setIconSize(QSize(kThumbHeight * 3 / 4, kThumbHeight));
    m_view->setGridSize(QSize(kThumbHeight * 3 / 4 + 24, kThumbHeight + 28));
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_info);
    layout->addWidget(m_view, 1);
    setScan(nullptr);
}

void EvalPanel::setScan(std::shared_ptr<const ScanResult> scan)
{
    const bool hasEval = scan && !scan->dataset.evalDir.isEmpty();
    m_info->setText(hasEval ? tr("%1 eval images in info.csv order (browse only: they have no "
                                 "labels; predictions will be shown here)")
                                  .arg(scan->dataset.evalImages.size())
                            : tr("This dataset has no eval folder."));
    m_model->setScan(hasEval ? std::move(scan) : nullptr);
}

} // namespace masklab::ui
