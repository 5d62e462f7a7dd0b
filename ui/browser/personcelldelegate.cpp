#include "personcelldelegate.h"

#include "counted.h"
#include "labels.h"
#include "maskcolor.h"
#include "persontablemodel.h"
#include "photoplaceholder.h"

#include <QApplication>
#include <QPainter>

namespace masklab::ui {

namespace {
void drawBadge(QPainter *p, const QRect &rect, const QString &text, const QColor &color)
{
    const QFontMetrics fm = p->fontMetrics();
    QRect box(rect.topLeft(), QSize(fm.horizontalAdvance(text) + 8, fm.height() + 2));
    p->fillRect(box, color);
    p->setPen(Qt::white);
    p->drawText(box, Qt::AlignCenter, text);
}
} // namespace

QSize PersonCellDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &index) const
{
    if (index.column() == PersonTableModel::PersonColumn)
        return QSize(std::max(170, m_cellSize.width() + 40), m_cellSize.height());
    return m_cellSize;
}

void PersonCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                               const QModelIndex &index) const
{
    painter->save();
    const QRect rect = option.rect.adjusted(2, 2, -2, -2);
    if (option.state & QStyle::State_Selected)
        painter->fillRect(option.rect, option.palette.highlight());
    if (index.column() == PersonTableModel::PersonColumn)
        paintPerson(painter, rect, index);
    else
        paintPhoto(painter, rect, index);
    if (option.state & QStyle::State_HasFocus) {
        // An outline only: the cell's painting may have left a brush set (the edited flag).
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(option.palette.highlight().color().darker(130), 2));
        painter->drawRect(option.rect.adjusted(1, 1, -1, -1));
    }
    painter->restore();
}

void PersonCellDelegate::paintPerson(QPainter *p, const QRect &rect, const QModelIndex &index) const
{
    const bool edited = index.data(PersonTableModel::EditedRole).toBool();
    const int problems = index.data(PersonTableModel::ProblemRole).toInt();
    const int gender = index.data(PersonTableModel::GenderRole).toInt();
    const int age = index.data(PersonTableModel::AgeRole).toInt();
    p->fillRect(rect, QColor(0xf4, 0xf6, 0xf8));
    QFont bold = p->font();
    bold.setBold(true);
    p->setFont(bold);
    p->setPen(Qt::black);
    const int line = p->fontMetrics().height();
    QRect text = rect.adjusted(6, 4, -4, -4);
    p->drawText(text, Qt::AlignLeft | Qt::AlignTop, index.data(Qt::DisplayRole).toString());
    p->setFont(QApplication::font());
    const QString summary =
        QStringLiteral("%1, %2").arg(genderName(static_cast<Gender>(gender)), QString::number(age));
    p->drawText(text.adjusted(0, line + 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, summary);
    int y = text.top() + 2 * line + 8;
    if (edited) {
        drawBadge(p, QRect(text.left(), y, 0, 0), tr("edited"), QColor(0xb2, 0x8b, 0x00));
        y += line + 6;
    }
    if (problems > 0) {
        drawBadge(p, QRect(text.left(), y, 0, 0), counted(problems, tr("problem"), tr("problems")),
                  QColor(0xc6, 0x28, 0x28));
        y += line + 6;
    }
    if (index.data(PersonTableModel::OutsideFilterRole).toBool()) // kept in view after an edit
        drawBadge(p, QRect(text.left(), y, 0, 0), tr("no longer matches"),
                  QColor(0x54, 0x6e, 0x7a));
}

void PersonCellDelegate::paintPhoto(QPainter *p, const QRect &rect, const QModelIndex &index) const
{
    const QString state = index.data(PersonTableModel::ThumbnailStateRole).toString();
    const QPixmap pixmap = index.data(PersonTableModel::ThumbnailRole).value<QPixmap>();
    if (!pixmap.isNull()) {
        const QSize size = pixmap.size().scaled(rect.size(), Qt::KeepAspectRatio);
        const QRect target(rect.center() - QPoint(size.width() / 2, size.height() / 2), size);
        p->setRenderHint(QPainter::SmoothPixmapTransform);
        p->drawPixmap(target, pixmap);
    } else {
        paintPhotoPlaceholder(p, rect, photoStateFromName(state));
    }
    const auto mask = static_cast<MaskState>(index.data(PersonTableModel::MaskStateRole).toInt());
    const int cls = index.data(PersonTableModel::ClassRole).toInt();
    const QString chip = QStringLiteral("%1 · %2").arg(maskStateName(mask)).arg(cls);
    const QFontMetrics fm = p->fontMetrics();
    const QRect chipRect(rect.left(), rect.bottom() - fm.height() - 1,
                         fm.horizontalAdvance(chip) + 8, fm.height() + 2);
    p->fillRect(chipRect, maskColor(mask));
    p->setPen(Qt::white);
    p->drawText(chipRect, Qt::AlignCenter, chip);

    if (index.data(PersonTableModel::ExcludedRole).toBool()) {
        p->fillRect(rect, QColor(40, 40, 40, 150));
        drawBadge(p, rect.adjusted(2, 2, 0, 0), tr("excluded"), QColor(0x42, 0x42, 0x42));
    }
    if (index.data(PersonTableModel::EditedRole).toBool()) { // a corner flag
        const QPolygon corner(
            {rect.topRight(), rect.topRight() - QPoint(14, 0), rect.topRight() + QPoint(0, 14)});
        p->save();
        p->setBrush(QColor(0xff, 0xc1, 0x07));
        p->setPen(Qt::NoPen);
        p->drawPolygon(corner);
        p->restore();
    }
    if (index.data(PersonTableModel::ProblemRole).toBool())
        drawBadge(p, QRect(rect.left() + 2, rect.top() + 2, 0, 0), QStringLiteral("!"),
                  QColor(0xc6, 0x28, 0x28));
}

} // namespace masklab::ui
