#pragma once
// One row per person: a header cell (folder, gender, age, markers) and the 7 photos in fixed
// order. Thumbnails come from the ThumbnailCache; a cell is refreshed alone when its arrives.

#include "labels.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPoint>

namespace masklab::ui {

class LabelSession;
class ThumbnailCache;

class PersonTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        PersonColumn = 0,
        FirstPhotoColumn = 1,
        ColumnCount = 8
    };
    enum Role
    {
        PersonIndexRole = Qt::UserRole + 1, // int, index into the dataset
        SlotRole,                           // int, -1 for the person column
        ThumbnailRole,                      // QPixmap (invalid while loading)
        ThumbnailStateRole,                 // "loading", "ready", "broken", "missing"
        MaskStateRole,                      // int (effective)
        ClassRole,                          // int 0..17 (effective)
        EditedRole,                         // bool
        ExcludedRole,                       // bool
        ProblemRole,                        // int: scan findings (person) or bool (photo)
        GenderRole,                         // int
        AgeRole,                            // int
        SortKeyRole,                        // per column: folder/id/age for sorting
        PathRole,                           // QString: the photo file, empty when missing
        // bool: shown only because it was just edited; it no longer matches the browser's
        // filter (answered by PersonFilterProxy)
        OutsideFilterRole,
    };

    PersonTableModel(ThumbnailCache *thumbnails, QObject *parent = nullptr);

    void setSession(LabelSession *session); // nullptr: empty
    LabelSession *session() const { return m_session; }
    void setThumbnailHeight(int height); // the cache tier: 128 or 256
    int thumbnailHeight() const { return m_thumbHeight; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void onThumbnailReady(const QString &path, int height);
    void onPersonsChanged(const QList<int> &persons);
    QString photoPath(int row, int slot) const;

    ThumbnailCache *m_thumbnails;
    LabelSession *m_session = nullptr;
    int m_thumbHeight = 128;
    // (row, column) of each photo, to refresh just that cell. Not QPersistentModelIndex:
    // 18,900 of those would slow every change of the proxy.
    QHash<QString, QPoint> m_cellOfPath;
};

} // namespace masklab::ui
