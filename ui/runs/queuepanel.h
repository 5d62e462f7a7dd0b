#pragma once
// The Queue tab: the workspace's job queue (core/experiments/jobqueue.h) - training runs queued
// from the Training tab, sweeps, a finder job and a prediction that use the queue's best runs -
// with each entry's state, expected and actual time. Start runs `masklab-cli queue run` as a
// child (CliJob), the same runner as in a terminal; entries can be moved and removed while it
// runs, "Pause after this entry" lets the running one finish, Stop ends it as Ctrl+C would (it
// waits again and resumes from its checkpoint). The table is read back from queue.json, so a
// queue run from a terminal shows here too.

#include "jobqueue.h"
#include "queueentrytext.h"
#include "trainconfig.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace masklab::ui {

class CliJob;

class QueuePanel : public QWidget
{
    Q_OBJECT
public:
    explicit QueuePanel(QWidget *parent = nullptr);

    void setWorkspace(const QString &workspace, const QString &datasetRoot);
    void refresh(); // from queue.json

    // Each adds an entry at the end; false with why (also shown under the table).
    bool addTrain(const TrainConfig &config, QString *error);
    bool addSweep(const QString &sweepFile, QString *error);
    bool addFinder(int folds, QString *error);                              // the best run's config
    bool addPredict(int bestOf, const QString &submission, QString *error); // the dataset's eval
    bool startQueue(QString *error);
    void pauseAfterCurrent();
    void stopNow();
    bool moveSelected(int by);
    bool removeSelected();
    bool isRunning() const;
    CliJob *job() const { return m_job; }
    QTableWidget *table() const { return m_table; }
    QString noteText() const;
    // Entries wait and the last session left the queue running (not paused): worth asking
    // whether to go on.
    bool leftRunning() const;

signals:
    void queueFinished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    bool edit(const std::function<bool(JobQueue &, QString *)> &change, QString *error);
    int selectedId() const;
    bool runnerElsewhere() const;
    void onFinished(bool ok, bool stopped, const QString &error);
    void updateButtons();
    void showNote(const QString &text);
    void chooseAndAddSweep();
    void chooseAndAddPredict();

    QString m_workspace;
    QString m_dataset;
    QTableWidget *m_table;
    QLabel *m_summary;
    QLabel *m_note;
    CliJob *m_job;
    QTimer *m_poll; // re-reads queue.json while the queue runs
    QPushButton *m_start, *m_pause, *m_stop, *m_up, *m_down, *m_remove;
    QPushButton *m_addSweep, *m_addFinder, *m_addPredict;
    QSpinBox *m_atOnce; // entries run at once (queue run --parallel)
    QueueEntryText m_entryText;
    bool m_paused = false; // as queue.json said when last read
    int m_waiting = 0;
};

} // namespace masklab::ui
