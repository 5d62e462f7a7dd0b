#pragma once
// Running the error finder from the app: the number of folds, a quick setting, the expected
// time before it starts (from the pace of earlier runs of the model), Find errors / Stop, and
// while it runs the fold, epoch and batch, a progress bar and the time elapsed and left
// (ticking every second; the plan speaks until the pace is known). Afterwards: how long it took
// against the plan. The job runs on a worker thread; the GUI drains its events on a timer.

#include "errorfinder.h"
#include "timeleft.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace masklab::ui {

class CoreSharing;
class FinderJob;

class FinderBox : public QWidget
{
    Q_OBJECT
public:
    // Epochs per fold of the quick setting (see the notes on the finder's benchmark).
    static constexpr int kQuickEpochs = 12;

    explicit FinderBox(QWidget *parent = nullptr);
    ~FinderBox() override;

    // Where the training config comes from (the Training tab's editor) and the dataset it runs
    // on; refreshes the estimate.
    void setSource(std::function<TrainConfig()> config, const QString &datasetRoot,
                   const QString &workspace);
    trainer::FinderOptions options() const;
    void refreshEstimate();

    // Where Find errors asks first whether another training holds the cores.
    void setCoreSharing(CoreSharing *cores);
    // False when one runs or there is no dataset; true also when the start was queued behind
    // another training.
    bool start();
    void stop(); // after the current batch (or a queued start is taken back); what is done is kept
    void stopAndWait();
    bool isRunning() const;

    QPushButton *findButton() const { return m_find; }
    QPushButton *stopButton() const { return m_stop; }
    QSpinBox *foldsBox() const { return m_folds; }
    QCheckBox *quickCheck() const { return m_quick; }
    QString estimateText() const;
    QString statusText() const;
    FinderJob *job() const { return m_job; }

signals:
    void finished(const trainer::FinderOutcome &outcome);

protected:
    void showEvent(QShowEvent *event) override;

private:
    bool startNow();
    void drain();
    void showStatus(); // the latest line with the time elapsed and left, every second
    void onFinished();
    void updateButtons();

    QPushButton *m_find, *m_stop;
    QSpinBox *m_folds;
    QCheckBox *m_quick;
    QLabel *m_estimate, *m_status;
    QProgressBar *m_progress;
    FinderJob *m_job;
    QTimer *m_drainTimer;
    QTimer *m_tick;
    CoreSharing *m_cores = nullptr;
    QElapsedTimer m_elapsed;
    QString m_latest;                       // what the job said last (fold, epoch, batch)
    std::optional<double> m_plannedSeconds; // the estimate shown before the start
    QFutureWatcher<trainer::FinderPlan> m_plan;
    bool m_planAgain = false;
    std::function<TrainConfig()> m_config;
    QString m_dataset, m_workspace;
    TimeLeft m_timeLeft;
};

} // namespace masklab::ui
