#pragma once
// Runs the error finder (the same findErrors() as masklab-cli find-errors) on a worker thread;
// its events are folded into a FinderUpdate the GUI takes on updateAvailable().

#include "errorfinder.h"

#include "backgroundjob.h"
#include "jobmailbox.h"

#include <QStringList>

namespace masklab::ui {

struct FinderUpdate
{
    QString status;        // "Fold 2 of 5: epoch 3/50, batch 12/53", "Hashing photos 1200/2520"
    double shareDone = -1; // of the folds to train, 0..1; -1 when nothing trained yet
    QStringList log;
};

class FinderJob : public BackgroundJob
{
    Q_OBJECT
public:
    explicit FinderJob(QObject *parent = nullptr);
    ~FinderJob() override; // stops a running job and waits for its current batch

    bool start(const trainer::FinderOptions &options);                  // false while one runs
    FinderUpdate takeUpdate() { return m_updates.take(); }              // GUI thread
    const trainer::FinderOutcome &outcome() const { return m_outcome; } // after finished()

signals:
    void finished(bool ok, bool cancelled, const QString &error);

private:
    void record(const trainer::FinderEvent &event); // worker thread
    void workEnded(const QString &unexpectedError) override;

    trainer::FinderOutcome m_outcome;
    JobMailbox<FinderUpdate> m_updates{[this] { notifyUpdate(); }};
};

} // namespace masklab::ui
