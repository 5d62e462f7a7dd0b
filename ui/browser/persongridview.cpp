#include "persongridview.h"

#include "personcelldelegate.h"
#include "persontablemodel.h"
#include "thumbnailcache.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QWheelEvent>

namespace masklab::ui {

PersonGridView::PersonGridView(ThumbnailCache *thumbnails, QWidget *parent)
    : QTableView(parent), m_thumbnails(thumbnails), m_delegate(new PersonCellDelegate(this))
{
    setItemDelegate(m_delegate);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setShowGrid(false);
    setWordWrap(false);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    horizontalHeader()->setHighlightSections(false);
    connect(this, &QTableView::activated, this, &PersonGridView::activatedPhoto);
    setThumbnailHeight(m_height);
}

void PersonGridView::setThumbnailHeight(int height)
{
    m_height = height;
    const int width = height * 3 / 4; // photos are 384x512
    m_delegate->setCellSize(QSize(width + 4, height + 4));
    verticalHeader()->setDefaultSectionSize(height + 4);
    horizontalHeader()->setDefaultSectionSize(width + 4);
    setColumnWidth(PersonTableModel::PersonColumn, std::max(190, width + 40));
    viewport()->update();
    reportVisibleRows();
}

void PersonGridView::reportVisibleRows()
{
    if (!model() || model()->rowCount() == 0)
        return;
    const int first = std::max(0, rowAt(0));
    int last = rowAt(viewport()->height() - 1);
    if (last < 0)
        last = model()->rowCount() - 1;
    // The cache drops by source row, and the model asks with source rows.
    const QModelIndex a = model()->index(first, PersonTableModel::PersonColumn);
    const QModelIndex b = model()->index(last, PersonTableModel::PersonColumn);
    const int sa = a.data(PersonTableModel::PersonIndexRole).toInt();
    const int sb = b.data(PersonTableModel::PersonIndexRole).toInt();
    m_thumbnails->setVisibleRows(std::min(sa, sb), std::max(sa, sb));
}

void PersonGridView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        emit zoomRequested(event->angleDelta().y() > 0 ? 1 : -1);
        event->accept();
        return;
    }
    QTableView::wheelEvent(event);
}

void PersonGridView::scrollContentsBy(int dx, int dy)
{
    QTableView::scrollContentsBy(dx, dy);
    reportVisibleRows();
}

void PersonGridView::resizeEvent(QResizeEvent *event)
{
    QTableView::resizeEvent(event);
    reportVisibleRows();
}

} // namespace masklab::ui
