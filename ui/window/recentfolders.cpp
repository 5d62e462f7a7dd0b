#include "recentfolders.h"

#include <QSettings>

namespace masklab::ui {

namespace {
const char kKey[] = "recentDatasets";

QStringList save(const QStringList &list)
{
    QSettings().setValue(QLatin1String(kKey), list);
    return list;
}
} // namespace

QStringList RecentFolders::load()
{
    return QSettings().value(QLatin1String(kKey)).toStringList();
}

QStringList RecentFolders::add(const QString &path)
{
    QStringList list = load();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaximum)
        list.removeLast();
    return save(list);
}

QStringList RecentFolders::remove(const QString &path)
{
    QStringList list = load();
    list.removeAll(path);
    return save(list);
}

} // namespace masklab::ui
