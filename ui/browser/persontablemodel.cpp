#include "persontablemodel.h"

#include "labelsession.h"
#include "thumbnailcache.h"

namespace masklab::ui {

PersonTableModel::PersonTableModel(ThumbnailCache *thumbnails, QObject *parent)
    : QAbstractTableModel(parent), m_thumbnails(thumbnails)
{
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this,
            &PersonTableModel::onThumbnailReady);
}

void PersonTableModel::setSession(LabelSession *session)
{
    beginResetModel();
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_cellOfPath.clear();
    if (m_session) {
        const LabeledDataset &labels = m_session->labels();
        for (int row = 0; row < labels.personCount(); ++row) {
            for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
                const QString path = labels.dataset().photoPath(labels.person(row), slot);
                if (!path.isEmpty())
                    m_cellOfPath.insert(path, QPoint(FirstPhotoColumn + slot, row));
            }
        }
        connect(m_session, &LabelSession::personsChanged, this,
                &PersonTableModel::onPersonsChanged);
        connect(m_session, &LabelSession::thresholdsChanged, this, [this] {
            if (rowCount() > 0)
                emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        });
        connect(m_session, &LabelSession::scanUpdated, this, [this] {
            if (rowCount() > 0)
                emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        });
    }
    endResetModel();
}

void PersonTableModel::setThumbnailHeight(int height)
{
    if (height == m_thumbHeight)
        return;
    m_thumbHeight = height;
    if (rowCount() > 0)
        emit dataChanged(index(0, FirstPhotoColumn), index(rowCount() - 1, ColumnCount - 1),
                         {Qt::DecorationRole, ThumbnailRole, ThumbnailStateRole});
}

int PersonTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_session ? 0 : m_session->labels().personCount();
}

int PersonTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PersonTableModel::photoPath(int row, int slot) const
{
    const LabeledDataset &labels = m_session->labels();
    return labels.dataset().photoPath(labels.person(row), slot);
}

QVariant PersonTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_session)
        return {};
    const LabeledDataset &labels = m_session->labels();
    const int row = index.row();
    const int slot = index.column() - FirstPhotoColumn;
    const AgeThresholds thresholds = m_session->thresholds();
    switch (role) {
    case PersonIndexRole:
        return row;
    case SlotRole:
        return slot;
    case GenderRole:
        return int(labels.gender(row));
    case AgeRole:
        return labels.age(row);
    case EditedRole:
        return slot < 0 ? labels.isEdited(row) : labels.isEdited(row, slot);
    case ProblemRole:
        return slot < 0 ? QVariant(m_session->problemCount(row))
                        : QVariant(m_session->photoHasProblem(row, slot));
    case SortKeyRole:
        return labels.person(row).folder;
    case PathRole:
        return slot < 0 ? QString() : photoPath(row, slot);
    default:
        break;
    }
    if (slot < 0) { // the person column
        if (role == Qt::DisplayRole)
            return labels.person(row).folder;
        if (role == Qt::ToolTipRole)
            return tr("%1\nid %2, %3, age %4 (%5)%6")
                .arg(labels.person(row).folder, labels.person(row).id,
                     genderName(labels.gender(row)))
                .arg(labels.age(row))
                .arg(ageGroupName(thresholds.groupOf(labels.age(row))))
                .arg(labels.isEdited(row) ? tr("\nedited") : QString());
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
    case MaskStateRole:
        return role == MaskStateRole ? QVariant(int(labels.mask(row, slot)))
                                     : QVariant(maskStateName(labels.mask(row, slot)));
    case ClassRole:
        return classIndex(labels.label(row, slot, thresholds));
    case ExcludedRole:
        return labels.excluded(row, slot);
    case Qt::ToolTipRole:
        return tr("%1\n%2 (class %3)")
            .arg(photoPath(row, slot).isEmpty() ? tr("%1: missing").arg(photoSlotStem(slot))
                                                : photoPath(row, slot),
                 className(classIndex(labels.label(row, slot, thresholds))))
            .arg(classIndex(labels.label(row, slot, thresholds)));
    case ThumbnailStateRole:
    case ThumbnailRole:
    case Qt::DecorationRole: {
        const QString path = photoPath(row, slot);
        if (path.isEmpty())
            return role == ThumbnailStateRole ? QVariant(photoStateName(PhotoState::Missing))
                                              : QVariant();
        const QPixmap *pixmap = m_thumbnails->pixmap(path, m_thumbHeight, row);
        if (role == ThumbnailStateRole)
            return photoStateName(m_thumbnails->state(path, m_thumbHeight));
        return pixmap ? QVariant(*pixmap) : QVariant();
    }
    default:
        return {};
    }
}

QVariant PersonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return section == PersonColumn ? tr("Person") : photoSlotStem(section - FirstPhotoColumn);
}

void PersonTableModel::onThumbnailReady(const QString &path, int height)
{
    if (height != m_thumbHeight)
        return;
    const auto it = m_cellOfPath.constFind(path);
    if (it == m_cellOfPath.constEnd())
        return;
    const QModelIndex cell = index(it->y(), it->x());
    emit dataChanged(cell, cell, {Qt::DecorationRole, ThumbnailRole, ThumbnailStateRole});
}

void PersonTableModel::onPersonsChanged(const QList<int> &persons)
{
    for (int person : persons)
        emit dataChanged(index(person, 0), index(person, ColumnCount - 1));
}

} // namespace masklab::ui
