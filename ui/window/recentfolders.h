#pragma once
// The most recently opened dataset folders, kept in QSettings.

#include <QStringList>

namespace masklab::ui {

class RecentFolders
{
public:
    static constexpr int kMaximum = 10;

    static QStringList load();
    // Moves path to the front (most recent) and saves.
    static QStringList add(const QString &path);
    static QStringList remove(const QString &path);
};

} // namespace masklab::ui
