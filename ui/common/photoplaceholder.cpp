#include "photoplaceholder.h"

#include <QCoreApplication>
#include <QPainter>

namespace masklab::ui {

QString photoStateName(PhotoState state)
{
    switch (state) {
    case PhotoState::Loading:
        return QStringLiteral("loading");
    case PhotoState::Ready:
        return QStringLiteral("ready");
    case PhotoState::Broken:
        return QStringLiteral("broken");
    case PhotoState::Missing:
        return QStringLiteral("missing");
    }
    return {};
}

PhotoState photoStateFromName(const QString &name)
{
    for (PhotoState s : {PhotoState::Ready, PhotoState::Broken, PhotoState::Missing})
        if (name == photoStateName(s))
            return s;
    return PhotoState::Loading;
}

void paintPhotoPlaceholder(QPainter *p, const QRect &rect, PhotoState state)
{
    p->save();
    if (state == PhotoState::Loading) {
        p->fillRect(rect, QColor(0xe0, 0xe0, 0xe0));
        p->setPen(Qt::darkGray);
        p->drawText(rect, Qt::AlignCenter, QCoreApplication::translate("PhotoCell", "loading"));
    } else {
        p->fillRect(rect, QColor(0x55, 0x20, 0x20));
        p->setPen(QPen(QColor(0xff, 0x80, 0x80), 3)); // a clear cross
        p->drawLine(rect.topLeft() + QPoint(8, 8), rect.bottomRight() - QPoint(8, 8));
        p->drawLine(rect.topRight() + QPoint(-8, 8), rect.bottomLeft() + QPoint(8, -8));
        p->setPen(Qt::white);
        p->drawText(rect, Qt::AlignCenter,
                    state == PhotoState::Missing
                        ? QCoreApplication::translate("PhotoCell", "missing")
                        : QCoreApplication::translate("PhotoCell", "broken"));
    }
    p->restore();
}

} // namespace masklab::ui
