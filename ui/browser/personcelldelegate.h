#pragma once
// Paints the browser's cells: a person card, and photos with their mask-state chip and markers
// (edited, excluded, scan problem, loading placeholder, broken image).

#include <QStyledItemDelegate>

namespace masklab::ui {

class PersonCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void setCellSize(const QSize &size) { m_cellSize = size; }
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    void paintPerson(QPainter *painter, const QRect &rect, const QModelIndex &index) const;
    void paintPhoto(QPainter *painter, const QRect &rect, const QModelIndex &index) const;

    QSize m_cellSize{96, 128};
};

} // namespace masklab::ui
