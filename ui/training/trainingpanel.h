#pragma once
// The Training tab: the config editor with Start / Stop / Resume, progress and device, live
// curves, the validation confusion matrix, the trainer's log, and the workspace's runs (select
// one to view or follow it, several to compare; rename, delete, reveal, load its config).

#include "runrecord.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimer;

namespace masklab::ui {

class ConfigEditor;
class ConfusionView;
class CoreSharing;
class LocalRanksJob;
class MistakesView;
class RunFollower;
class RunListModel;
class RunsBox;
class RunTimeLabel;
class SweepEditor;
class TrainingCurves;
class TrainingJob;
class WeightsFetcher;

class TrainingPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget *parent = nullptr);

    // The open dataset: the editor trains on it, the runs list shows its workspace's runs.
    void setDataset(const QString &datasetRoot, const QString &workspace);
    // Where Start and Resume ask first whether another training holds the cores.
    void setCoreSharing(CoreSharing *cores);

    bool isTraining() const; // also while fetching the ImageNet weights the run needs
    // With the editor's config; false when it is invalid. A run with model.pretrained: imagenet
    // whose file is not cached downloads it first (Stop cancels that too).
    // Another training on these cores asks first (queue, run anyway, or not): true also when
    // the start was queued.
    bool startTraining();
    // Loads the config file into the editor and starts it; false with why (the file, or the
    // config's problems, one per line).
    bool startTrainingFrom(const QString &configPath, QString *error);
    bool resumeRun(const QString &runDir);
    void stopTraining();                 // after the current batch
    void stopAndWait();                  // for closing the window mid-run
    void showRun(const QString &runDir); // view and follow a run (also one outside the workspace)
    void compareRuns(const QStringList &runDirs); // overlay these on the shown run

    ConfigEditor *editor() const { return m_editor; } // the config the Suspects tab uses too
    SweepEditor *sweepEditor() const { return m_sweep; }
    void showSweepPage(); // the Sweep page beside the config editor
    QString logText() const;
    // The progress row above the curves: epoch and batch bars, images/s, time.
    QString progressText() const;
    // The line naming the run on screen ("Run NAME", or "Run NAME failed: why").
    QString shownRunText() const;

signals:
    void trainingFinished(bool ok, bool cancelled, const QString &error);
    // Double-click in the confusion matrix: show these persons in the browser.
    void personsRequested(const QSet<QString> &folders, const QString &name);
    // "Add to queue": the editor's config, valid, for the Queue tab.
    void queueRequested(const TrainConfig &config);
    // The Sweep page's Start sweep and Add sweep to queue: the sweep file it wrote.
    void sweepRequested(const QString &sweepFile);
    void queueSweepRequested(const QString &sweepFile);

private:
    bool clearedToStart(std::function<void()> start, bool *queued);
    bool startWith(const TrainConfig &config);
    bool resumeNow(const QString &runDir);
    void setUpButtons();
    void connectRunSources();
    void connectViews();
    void buildLayout();
    void drain();
    void onFinished(bool ok, bool cancelled, const QString &error);
    void endRun(const QString &runDir, bool ok, bool cancelled, const QString &error);
    void showDownload(qint64 received, qint64 total);
    void onWeightsFetched(bool ok, bool cancelled, const QString &message);
    void onRunSelectionChanged();
    void updateButtons();
    void showProgress(int epoch, int epochs, int batch, int batches, double imagesPerSecond);
    void showIdleBars(int epochsDone, int epochsPlanned);
    void showFollowedBatches(const std::vector<BatchRecord> &batches);
    void showRunTime(const RunSummary &summary);
    void loadValidation(const QString &runDir); // the confusion matrix and the mistakes
    void displayRun(const QString &runDir);     // showRun's work, also for a run of ranks
    // trainingpanelranks.cpp: a run of several local processes (masklab-cli train --nproc),
    // followed from its folder like a run written elsewhere.
    void setUpProcesses();
    // trainingpaneldownload.cpp: the ImageNet weights fetched before a run, or the way on
    // without them.
    void setUpDownloadFallback();
    bool startRanks(const TrainConfig &config, const QString &runDir, bool resume);
    void onRanksFinished(bool ok, bool cancelled, const QString &error);
    void appendLog(const QStringList &lines);

    ConfigEditor *m_editor;
    SweepEditor *m_sweep;
    QTabWidget *m_editorPages; // Config, Sweep
    TrainingCurves *m_curves;
    ConfusionView *m_confusion;
    MistakesView *m_mistakes;
    QPlainTextEdit *m_log;
    QTabWidget *m_views;
    QPushButton *m_start, *m_stop, *m_resume, *m_enqueue;
    QPushButton *m_useScratch; // offered when the ImageNet weights cannot be had
    QSpinBox *m_processes;     // more than one: a distributed run of local processes
    QLabel *m_device, *m_speed;
    RunTimeLabel *m_time;
    QLabel *m_shown;
    QProgressBar *m_epochBar, *m_batchBar;
    RunsBox *m_runsBox;
    RunListModel *m_runs;
    RunFollower *m_follower;
    TrainingJob *m_job;
    LocalRanksJob *m_ranks;
    WeightsFetcher *m_fetcher;
    CoreSharing *m_cores = nullptr;
    QTimer *m_drainTimer;
    QString m_workspace;
    QString m_shownRun;    // the run on the curves
    int m_shownEpochs = 0; // planned epochs of a followed run
};

} // namespace masklab::ui
