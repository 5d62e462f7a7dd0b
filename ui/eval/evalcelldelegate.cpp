#include "evalcelldelegate.h"

#include "evalimagemodel.h"
#include "maskcolor.h"

#include <QApplication>
#include <QPainter>
#include <QPixmap>

namespace masklab::ui {

QSize EvalCellDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &index) const
{
    return index.data(Qt::SizeHintRole).toSize();
}

void EvalCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    painter->save();
    const QRect r = option.rect.adjusted(2, 2, -2, -2);
    if (option.state & QStyle::State_Selected)
        painter->fillRect(r, option.palette.highlight());
    const QPixmap pixmap = index.data(Qt::DecorationRole).value<QPixmap>();
    const QPoint topLeft(r.left() + (r.width() - pixmap.width()) / 2, r.top() + 2);
    painter->drawPixmap(topLeft, pixmap);
    const QRect chip(r.left() + 2, topLeft.y() + pixmap.height() + 3, r.width() - 4,
                     option.fontMetrics.height() + 4);
    const QVariant answer = index.data(EvalImageModel::AnswerRole);
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    painter->setFont(font);
    if (!answer.isValid()) {
        painter->setPen(option.palette.text().color());
        painter->drawText(chip, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
        painter->restore();
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(maskColor(classLabel(answer.toInt())->mask));
    painter->drawRoundedRect(chip, 6, 6);
    painter->setPen(Qt::white);
    painter->drawText(chip, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
    const int agreeing = index.data(EvalImageModel::AgreeingRole).toInt();
    if (m_members > 1 && agreeing < m_members) { // the ensemble is split on this image
        const QRect badge(r.right() - 30, r.top() + 4, 28, option.fontMetrics.height());
        painter->setBrush(QColor(0x37, 0x47, 0x4f));
        painter->setPen(Qt::NoPen);
        painter->drawRoundedRect(badge, 4, 4);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter,
                          QStringLiteral("%1/%2").arg(agreeing).arg(m_members));
    }
    const QVariant compared = index.data(EvalImageModel::ComparedAnswerRole);
    if (compared.isValid() && compared.toInt() != answer.toInt()) {
        const QRect was = chip.translated(0, chip.height() + 1);
        painter->setPen(option.palette.text().color());
        painter->drawText(
            was, Qt::AlignCenter,
            QStringLiteral("%1: %2").arg(
                m_otherName, EvalImageModel::shortClassName(compared.toInt(), m_thresholds)));
    }
    painter->restore();
}

} // namespace masklab::ui
