#pragma once
// The scripted edits of the crash test: edit i of a deterministic sequence, applied to an
// overlay. Shared by the child that is killed and the test that checks what survived.

#include "labeloverlay.h"

namespace masklab::test {

inline void applyScriptedEdit(LabelOverlay &overlay, int i)
{
    const QString folder = QStringLiteral("%1_female_Asian_30").arg(i % 50, 6, 10, QChar(u'0'));
    if (i % 3 == 1) {
        static const char *states[] = {"mask", "incorrect", "normal"};
        const int slot = i % kPhotoSlotCount;
        overlay.set(folder, slot, EditField::Mask, maskStateName(maskStateOfSlot(slot)),
                    QString::fromLatin1(states[(i / 3) % 3]));
    } else {
        // Some values equal the original (30), so edits also disappear along the way.
        overlay.set(folder, -1, EditField::Age, QStringLiteral("30"),
                    QString::number(30 + (i * 7) % 13));
    }
}

} // namespace masklab::test
