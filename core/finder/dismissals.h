#pragma once
// Suspects the user marked "not an error", kept in the workspace (finder/dismissed.csv) so they
// stay dismissed after a retrain and a new finder run. A dismissal holds while the label it was
// about is unchanged: it is keyed by kind, person, photo and the label given at the time.

#include "suspect.h"

#include <QDateTime>
#include <QHash>

namespace masklab::finder {

class Dismissals
{
public:
    // <workspace>/finder/dismissed.csv
    static QString pathIn(const QString &workspaceDir);

    // A missing file is an empty list; a broken one is an error naming the file and line.
    static std::optional<Dismissals> load(const QString &path, QString *error);
    // Atomic.
    bool save(const QString &path, QString *error) const;

    bool contains(const Suspect &suspect) const { return m_time.contains(suspect.key()); }
    void dismiss(const Suspect &suspect, const QDateTime &when = QDateTime::currentDateTimeUtc());
    void restore(const Suspect &suspect);
    int count() const { return int(m_time.size()); }

private:
    struct Row
    {
        QStringList fields; // kind, folder, photo, given, other
        QDateTime time;
    };
    QHash<QString, Row> m_time; // by Suspect::key()
};

} // namespace masklab::finder
