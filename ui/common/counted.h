#pragma once
// "1 person", "3 persons": a count with its noun in the right number. (tr's %n without a loaded
// translation prints "person(s)".)

#include <QString>

namespace masklab::ui {

inline QString counted(qsizetype n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

} // namespace masklab::ui
