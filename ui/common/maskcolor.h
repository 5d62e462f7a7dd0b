#pragma once
// The colour of each mask state, the same wherever a label or an answer is drawn.

#include "labels.h"

#include <QColor>

namespace masklab::ui {

inline QColor maskColor(MaskState mask)
{
    switch (mask) {
    case MaskState::Wear:
        return QColor(0x2e, 0x7d, 0x32);
    case MaskState::Incorrect:
        return QColor(0xe6, 0x7e, 0x00);
    case MaskState::NotWear:
        return QColor(0x15, 0x65, 0xc0);
    }
    return Qt::gray;
}

} // namespace masklab::ui
