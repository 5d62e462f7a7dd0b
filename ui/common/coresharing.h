#pragma once
// Two trainings on the same cores each run at half speed and neither says so. The app's
// training jobs (the Training tab's run, the error finder's folds) ask here before they start:
// when another job of this app, or another MaskLab process training in the same workspace
// (masklab-cli train), is already at it, the user chooses to queue after it, to run anyway, or
// not to start. A queued start runs once nobody else trains.

#include <QObject>
#include <QString>

#include <functional>
#include <vector>

class QTimer;
class QWidget;

namespace masklab::ui {

class CoreSharing : public QObject
{
    Q_OBJECT
public:
    enum class Choice
    {
        Ask, // a dialog (the default)
        Queue,
        RunAnyway,
        Cancel
    };

    explicit CoreSharing(QObject *parent = nullptr);

    // An app job that trains: what it is doing now ("the error finder, fold 2 of 5"), empty
    // while it does not train.
    void addJob(const QObject *job, std::function<QString()> describeTraining);
    // Runs of other processes in this workspace count too.
    void setWorkspace(const QString &workspace) { m_workspace = workspace; }
    // Who else trains now, in words; empty when nobody but `job` does.
    QString othersTraining(const QObject *job) const;

    // Before `job` starts: true to start now. Otherwise the start was queued (start() runs it
    // later) or declined; note says which, for the job's status line.
    bool mayStart(QWidget *parent, const QObject *job, std::function<void()> start, QString *note);
    bool isQueued(const QObject *job) const;
    void cancelQueued(const QObject *job);
    // Nothing queued starts any more (the window closes, another dataset opens).
    void cancelAll();
    // An app job ended: queued starts whose way is clear now run.
    void jobEnded();
    // Tests and --screenshot: answer without a dialog.
    void setAnswer(Choice choice) { m_answer = choice; }

signals:
    void queueChanged();

private:
    QString externalTraining() const;
    Choice ask(QWidget *parent, const QString &others) const;

    struct Job
    {
        const QObject *job;
        std::function<QString()> describe;
    };
    struct Waiting
    {
        const QObject *job;
        std::function<void()> start;
    };
    std::vector<Job> m_jobs;
    std::vector<Waiting> m_queue;
    QString m_workspace;
    QTimer *m_poll; // while something waits for another process
    Choice m_answer = Choice::Ask;
};

} // namespace masklab::ui
