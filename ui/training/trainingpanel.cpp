#include "trainingpanel.h"

#include "configeditor.h"
#include "confusionview.h"
#include "coresharing.h"
#include "localranksjob.h"
#include "mistakesview.h"
#include "runfollower.h"
#include "runlistmodel.h"
#include "runsbox.h"
#include "runtimelabel.h"
#include "sweepeditor.h"
#include "trainingcurves.h"
#include "trainingjob.h"
#include "weightsfetcher.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTime>
#include <QTimer>

namespace masklab::ui {

TrainingPanel::TrainingPanel(QWidget *parent)
    : QWidget(parent), m_editor(new ConfigEditor), m_sweep(new SweepEditor),
      m_editorPages(new QTabWidget), m_curves(new TrainingCurves), m_confusion(new ConfusionView),
      m_mistakes(new MistakesView), m_log(new QPlainTextEdit), m_views(new QTabWidget),
      m_start(new QPushButton(tr("Start"))), m_stop(new QPushButton(tr("Stop"))),
      m_resume(new QPushButton(tr("Resume"))), m_enqueue(new QPushButton(tr("Add to queue"))),
      m_useScratch(new QPushButton(tr("Train from scratch instead"))), m_processes(new QSpinBox),
      m_device(new QLabel), m_speed(new QLabel), m_time(new RunTimeLabel), m_shown(new QLabel),
      m_epochBar(new QProgressBar), m_batchBar(new QProgressBar), m_runsBox(new RunsBox),
      m_runs(m_runsBox->model()), m_follower(new RunFollower(this)), m_job(new TrainingJob(this)),
      m_ranks(new LocalRanksJob(this)), m_fetcher(new WeightsFetcher(this)),
      m_drainTimer(new QTimer(this))
{
    setUpButtons();
    setUpDownloadFallback();
    setUpProcesses();
    connectRunSources();
    connectViews();
    buildLayout();
    showIdleBars(0, 0);
    updateButtons();
}

void TrainingPanel::setDataset(const QString &datasetRoot, const QString &workspace)
{
    m_workspace = workspace;
    TrainConfig config = m_editor->config();
    config.data.dataset = datasetRoot;
    m_editor->setConfig(config);
    m_runs->setWorkspace(workspace);
    m_sweep->setWorkspace(workspace);
}

bool TrainingPanel::isTraining() const
{
    return m_job->isRunning() || m_fetcher->isRunning() || m_ranks->isRunning();
}

void TrainingPanel::setCoreSharing(CoreSharing *cores)
{
    m_cores = cores;
    connect(cores, &CoreSharing::queueChanged, this, &TrainingPanel::updateButtons);
}

// Another training on these cores: the user queues this start after it, runs anyway, or not.
bool TrainingPanel::clearedToStart(std::function<void()> start, bool *queued)
{
    QString note;
    const bool now = !m_cores || m_cores->mayStart(this, this, std::move(start), &note);
    if (!note.isEmpty()) {
        appendLog({note});
        if (!now) { // nothing of an earlier run on the bars while this one waits
            m_shown->setText(note);
            m_time->clearRun();
            showIdleBars(0, 0);
        }
    }
    *queued = m_cores && m_cores->isQueued(this);
    updateButtons();
    return now;
}

bool TrainingPanel::startTraining()
{
    if (isTraining() || !m_editor->isValid())
        return false;
    const TrainConfig config = m_editor->config();
    bool queued = false;
    if (!clearedToStart([this, config] { startWith(config); }, &queued))
        return queued;
    return startWith(config);
}

bool TrainingPanel::startWith(const TrainConfig &config)
{
    if (isTraining())
        return false;
    const QString runDir = newRunFolder(config, m_workspace);
    if (QFile::exists(runDir + QStringLiteral("/config.yaml"))) {
        appendLog({tr("%1 already holds a run: choose another train.run_name, or resume it")
                       .arg(runDir)});
        m_views->setCurrentWidget(m_log);
        return false;
    }
    m_useScratch->hide();
    if (m_fetcher->fetchFor(config.model)) { // the run starts once the weights are here
        m_shown->setText(tr("Downloading the ImageNet weights %1 into %2")
                             .arg(m_fetcher->fileName(), m_fetcher->folder()));
        appendLog({m_shown->text()});
        updateButtons();
        return true;
    }
    if (m_processes->value() > 1)
        return startRanks(config, runDir, false);
    m_follower->follow(QString());
    m_curves->clear();
    m_curves->setPlannedEpochs(config.train.epochs);
    m_batchBar->setFormat(tr("batch %v of %m"));
    m_time->startRun();
    m_shown->setText(tr("Run %1").arg(QDir(runDir).dirName()));
    m_shownRun = QDir(runDir).absolutePath();
    m_job->start(config, runDir, false);
    m_runsBox->setBusyRun(runDir);
    updateButtons();
    return true;
}

bool TrainingPanel::startTrainingFrom(const QString &configPath, QString *error)
{
    if (!m_editor->loadFile(configPath, error))
        return false;
    if (startTraining())
        return true;
    *error = QStringList(m_editor->problems().values()).join(u'\n');
    return false;
}

bool TrainingPanel::resumeRun(const QString &runDir)
{
    if (isTraining())
        return false;
    bool queued = false;
    if (!clearedToStart([this, runDir] { resumeNow(runDir); }, &queued))
        return queued;
    return resumeNow(runDir);
}

bool TrainingPanel::resumeNow(const QString &runDir)
{
    if (isTraining())
        return false;
    if (m_processes->value() > 1)
        return startRanks(TrainConfig(), runDir, true);
    m_follower->follow(QString());
    m_curves->clear();
    const RunSummary summary = summarizeRun(runDir);
    m_curves->setPlannedEpochs(summary.epochsPlanned);
    m_curves->addEpochs(readRunHistory(runDir));
    m_curves->addBatches(readRunBatches(runDir));
    m_time->startRun(); // the epochs done before do not count as pace
    m_shown->setText(tr("Run %1 (resumed)").arg(summary.name));
    m_shownRun = QDir(runDir).absolutePath();
    m_job->start(TrainConfig(), runDir, true); // the run's own config.yaml is used
    m_runsBox->setBusyRun(runDir);
    updateButtons();
    return true;
}

void TrainingPanel::stopTraining()
{
    if (m_cores && m_cores->isQueued(this)) {
        m_cores->cancelQueued(this);
        m_shown->setText(tr("The queued start was cancelled"));
        appendLog({m_shown->text()});
        return;
    }
    if (m_fetcher->isRunning())
        return m_fetcher->cancel();
    if (!isTraining())
        return;
    m_job->stop();
    m_ranks->stop(); // every rank, after the same batch
    appendLog({tr("Stopping after the current batch...")});
    updateButtons();
}

void TrainingPanel::stopAndWait()
{
    m_fetcher->cancel();
    m_ranks->stop(); // its destructor waits for the ranks
    m_job->stop();
    m_job->waitForFinished();
}

void TrainingPanel::drain()
{
    const TrainingUpdate u = m_job->takeUpdate();
    m_curves->addBatches(u.trained);
    m_curves->addEpochs(u.epochs);
    appendLog(u.log);
    if (!u.device.isEmpty()) { // the run folder exists now: list it
        m_device->setText(u.device);
        m_runs->refresh();
        m_time->setStatus(readRunStatus(m_job->runDir())); // its time so far, resumed or not
    }
    if (u.hasProgress) {
        showProgress(u.epoch, u.epochCount, u.batch, u.batches, u.imagesPerSecond);
        m_time->setShareDone(epochPosition(u.epoch, u.batch, u.batches) /
                             std::max(1, u.epochCount));
    }
    if (!u.epochs.empty()) {
        loadValidation(m_job->runDir());
        m_runs->refresh();
    }
}

void TrainingPanel::onFinished(bool ok, bool cancelled, const QString &error)
{
    drain();
    endRun(m_job->runDir(), ok, cancelled, error);
}

// A run of this tab ended (in this process or as local ranks): its results, or why it failed.
void TrainingPanel::endRun(const QString &runDir, bool ok, bool cancelled, const QString &error)
{
    m_runsBox->setBusyRun(QString());
    loadValidation(runDir);
    const RunSummary summary = summarizeRun(runDir);
    showRunTime(summary); // no time left now: how long it took
    showIdleBars(summary.epochsDone, summary.epochsPlanned);
    if (!ok) {
        appendLog({tr("The run failed: %1").arg(error)});
        m_views->setCurrentWidget(m_log);
    }
    updateButtons();
    m_runsBox->selectRun(runDir);
    if (!ok) { // the run stays on screen (it was selected while it ran): say why it ended
        m_shown->setText(tr("Run %1 failed: %2").arg(QDir(runDir).dirName(), error));
        m_shown->setToolTip(m_shown->text());
    }
    emit trainingFinished(ok, cancelled, error);
}

void TrainingPanel::showRun(const QString &runDir)
{
    if (isTraining())
        return; // the live run stays on screen
    displayRun(runDir);
}

void TrainingPanel::displayRun(const QString &runDir)
{
    const RunSummary summary = summarizeRun(runDir);
    // A failed run says why where the run is named, not only in the log.
    m_shown->setText(summary.status.state == RunStatus::State::Failed
                         ? tr("Run %1 failed: %2").arg(summary.name, summary.status.message)
                         : tr("Run %1").arg(summary.name));
    m_shown->setToolTip(m_shown->text());
    m_shownRun = QDir(runDir).absolutePath();
    m_curves->clear();
    m_curves->setPlannedEpochs(summary.epochsPlanned);
    m_shownEpochs = summary.epochsPlanned;
    showIdleBars(summary.epochsDone, summary.epochsPlanned);
    showRunTime(summary);
    m_follower->follow(runDir); // draws what is there, then what gets appended
    loadValidation(runDir);
}

// Before any batch is on screen the bars say what they stand for instead of standing empty.
void TrainingPanel::showIdleBars(int epochsDone, int epochsPlanned)
{
    const bool run = epochsPlanned > 0;
    m_epochBar->setRange(0, std::max(1, epochsPlanned));
    m_epochBar->setValue(epochsDone);
    m_epochBar->setFormat(run ? tr("epoch %v of %m") : tr("no run on screen"));
    m_batchBar->setRange(0, 1);
    m_batchBar->setValue(0);
    m_batchBar->setFormat(run ? tr("not training") : tr("press Start to train"));
}

void TrainingPanel::showProgress(int epoch, int epochs, int batch, int batches,
                                 double imagesPerSecond)
{
    m_epochBar->setFormat(tr("epoch %v of %m"));
    m_batchBar->setFormat(tr("batch %v of %m"));
    m_epochBar->setRange(0, epochs);
    m_epochBar->setValue(epoch);
    m_batchBar->setRange(0, batches);
    m_batchBar->setValue(batch);
    m_speed->setText(tr("%1 images/s").arg(imagesPerSecond, 0, 'f', 0));
}

// A run written elsewhere: its batches join the curve, and while it runs, the bars and the time
// left follow it (the pace measured from the batches that arrive while it is on screen).
void TrainingPanel::showFollowedBatches(const std::vector<BatchRecord> &batches)
{
    if (m_job->isRunning() || batches.empty()) // the in-process run reports its own
        return;
    m_curves->addBatches(batches);
    const BatchRecord &last = batches.back();
    const int epochs = std::max(m_shownEpochs, last.epoch);
    showProgress(last.epoch, epochs, last.batch, last.batches, last.imagesPerSecond);
    m_time->setShareDone(last.epochPosition() / std::max(1, epochs));
}

// A run's time as the runs table has it: its own, a resumed run's earlier part included.
void TrainingPanel::showRunTime(const RunSummary &summary)
{
    m_time->clearRun();
    if (summary.status.state == RunStatus::State::Unknown)
        return;         // a run from before status.json: the table's duration says what is known
    m_time->startRun(); // a running run's pace counts from what arrives now
    m_time->setStatus(summary.status, summary.lastWrite);
}

void TrainingPanel::compareRuns(const QStringList &runDirs)
{
    std::vector<std::pair<QString, std::vector<EpochMetrics>>> others;
    for (const QString &dir : runDirs)
        others.emplace_back(QDir(dir).dirName(), readRunHistory(dir));
    m_curves->setComparison(others);
}

void TrainingPanel::onRunSelectionChanged()
{
    const QStringList runs = m_runsBox->selectedRuns();
    updateButtons();
    if (runs.isEmpty() || isTraining())
        return;
    if (m_shownRun != QDir(runs.front()).absolutePath()) // keep a finished run's batch curve
        showRun(runs.front());
    compareRuns(runs.mid(1));
}

void TrainingPanel::updateButtons()
{
    const bool training = isTraining();
    const bool queued = m_cores && m_cores->isQueued(this);
    m_start->setEnabled(!training && !queued && m_editor->isValid());
    m_enqueue->setEnabled(m_editor->isValid());
    m_start->setToolTip(
        m_editor->isValid()
            ? tr("Train with this config")
            : tr("Fix the config first:\n%1").arg(m_editor->problems().keys().join(u'\n')));
    m_stop->setEnabled((training && !m_job->isStopping() && !m_ranks->isStopping()) || queued);
    m_processes->setEnabled(!training);
    const QStringList runs = m_runsBox->selectedRuns();
    bool resumable = false;
    const int row = runs.size() == 1 ? m_runs->rowOf(runs.front()) : -1;
    if (row >= 0 && !training) { // the list's summary: no file reading on every config edit
        const RunSummary &s = m_runs->run(row);
        resumable = s.epochsDone < s.epochsPlanned && QFile::exists(s.dir + "/last.pt");
    }
    m_resume->setEnabled(resumable && !queued);
    m_editor->setEnabled(!training && !queued); // a queued start trains the config it was given
}

void TrainingPanel::appendLog(const QStringList &lines)
{
    for (const QString &line : lines)
        m_log->appendPlainText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss  ")) + line);
}

QString TrainingPanel::shownRunText() const
{
    return m_shown->text();
}

QString TrainingPanel::progressText() const
{
    return QStringLiteral("epoch %1/%2 batch %3/%4 %5 %6")
        .arg(m_epochBar->value())
        .arg(m_epochBar->maximum())
        .arg(m_batchBar->value())
        .arg(m_batchBar->maximum())
        .arg(m_speed->text(), m_time->text());
}

QString TrainingPanel::logText() const
{
    return m_log->toPlainText();
}

void TrainingPanel::loadValidation(const QString &runDir)
{
    m_confusion->loadRun(runDir);
    m_mistakes->loadRun(runDir);
}

} // namespace masklab::ui
