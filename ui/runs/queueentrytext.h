#pragma once
// What the Queue tab says of an entry beyond its fields: the time it took, and how far it came
// (a run's epoch or best F1, a sweep's points ended). That means reading the entry's run or sweep
// folder, and the tab refreshes every second while the queue runs: what an entry that is not
// running says is kept, keyed by its end, instead of being read again.

#include "jobqueue.h"

#include <QDateTime>
#include <QHash>

namespace masklab::ui {

class QueueEntryText
{
public:
    static QString took(const QueueEntry &entry);
    QString progress(const QueueEntry &entry);

private:
    struct Said
    {
        QDateTime ended;
        QString text;
    };
    QHash<int, Said> m_said; // by entry id
};

} // namespace masklab::ui
