#pragma once
// Paints an eval image: the thumbnail, and under it a chip with the predicted class and its
// probability, coloured by the mask state; "2/3" when not every ensemble member agrees, and the
// other answer (a compared submission's, or the label) when it differs.

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
    // What the second line calls the other answer: "file" (a compared submission), "label".
    void setOtherAnswerName(const QString &name) { m_otherName = name; }
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_members = 1;
    AgeThresholds m_thresholds;
    QString m_otherName = tr("file");
};

} // namespace masklab::ui
