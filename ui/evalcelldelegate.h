#pragma once
// Paints an eval image: the thumbnail, and under it a chip with the predicted class and its
// probability, coloured by the mask state; "2/3" when not every ensemble member agrees, and the
// compared submission's answer when it differs.

#include "labels.h"

#include <QStyledItemDelegate>

namespace masklab::ui {

class EvalCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void setMemberCount(int members) { m_members = members; }
    void setThresholds(const AgeThresholds &thresholds) { m_thresholds = thresholds; }
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_members = 1;
    AgeThresholds m_thresholds;
};

} // namespace masklab::ui
