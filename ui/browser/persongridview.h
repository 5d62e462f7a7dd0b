#pragma once
// The browser's table: fixed-height rows of thumbnails, Ctrl+wheel zoom, and it tells the
// thumbnail cache which rows are on screen so far-away loads are dropped.

#include <QTableView>

namespace masklab::ui {

class PersonCellDelegate;
class ThumbnailCache;

class PersonGridView : public QTableView
{
    Q_OBJECT
public:
    PersonGridView(ThumbnailCache *thumbnails, QWidget *parent = nullptr);

    void setThumbnailHeight(int height); // display height of a photo cell
    int thumbnailHeight() const { return m_height; }
    // Visible source rows are reported through this mapping (the view shows a proxy).
    void reportVisibleRows();

signals:
    void zoomRequested(int delta); // +1 / -1 steps, from Ctrl+wheel
    void activatedPhoto(const QModelIndex &index);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    ThumbnailCache *m_thumbnails;
    PersonCellDelegate *m_delegate;
    int m_height = 128;
};

} // namespace masklab::ui
