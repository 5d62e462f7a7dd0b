// The Training tab's widgets put together: its buttons, where its runs come from (its own
// training job, a followed run folder), its views, and their layout.

#include "configeditor.h"
#include "confusionview.h"
#include "mistakesview.h"
#include "runfollower.h"
#include "runlistmodel.h"
#include "runsbox.h"
#include "runtimelabel.h"
#include "sweepeditor.h"
#include "trainingcurves.h"
#include "trainingjob.h"
#include "trainingpanel.h"
#include "weightsfetcher.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace masklab::ui {

// Start, Stop, Resume and the way out when ImageNet weights cannot be had.
void TrainingPanel::setUpButtons()
{
    m_start->setObjectName(QStringLiteral("startTraining"));
    m_stop->setObjectName(QStringLiteral("stopTraining"));
    m_resume->setObjectName(QStringLiteral("resumeTraining"));
    m_stop->setToolTip(tr("Stop after the current batch; the last finished epoch is kept"));
    m_resume->setToolTip(tr("Continue the selected run from its last checkpoint"));
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::startTraining);
    connect(m_stop, &QPushButton::clicked, this, &TrainingPanel::stopTraining);
    connect(m_resume, &QPushButton::clicked, this, [this] {
        const QStringList runs = m_runsBox->selectedRuns();
        if (runs.size() == 1)
            resumeRun(runs.front());
    });
    m_enqueue->setObjectName(QStringLiteral("queueTraining"));
    m_enqueue->setToolTip(tr("Queue this config to train after the queue's other entries "
                             "(the Queue tab)"));
    connect(m_enqueue, &QPushButton::clicked, this, [this] {
        if (m_editor->isValid())
            emit queueRequested(m_editor->config());
    });
    connect(m_editor, &ConfigEditor::changed, this, &TrainingPanel::updateButtons);
    // The Sweep page varies keys over the editor's config.
    connect(m_editor, &ConfigEditor::changed, this,
            [this] { m_sweep->setBase(m_editor->config(), m_editor->isValid()); });
    m_sweep->setBase(m_editor->config(), m_editor->isValid());
    connect(m_sweep, &SweepEditor::startRequested, this, &TrainingPanel::sweepRequested);
    connect(m_sweep, &SweepEditor::queueRequested, this, &TrainingPanel::queueSweepRequested);
}

// What feeds the curves: the local job, the weights download before it, a followed run.
void TrainingPanel::connectRunSources()
{
    // Live updates: the job signals without payload; a short timer coalesces them.
    m_drainTimer->setSingleShot(true);
    m_drainTimer->setInterval(50);
    connect(m_job, &TrainingJob::updateAvailable, this, [this] {
        if (!m_drainTimer->isActive())
            m_drainTimer->start();
    });
    connect(m_drainTimer, &QTimer::timeout, this, &TrainingPanel::drain);
    connect(m_job, &TrainingJob::finished, this, &TrainingPanel::onFinished);
    connect(m_fetcher, &WeightsFetcher::progress, this, &TrainingPanel::showDownload);
    connect(m_fetcher, &WeightsFetcher::finished, this, &TrainingPanel::onWeightsFetched);

    connect(m_follower, &RunFollower::restarted, this, [this] {
        if (!isTraining())
            m_curves->clear();
    });
    connect(m_follower, &RunFollower::batchesAppended, this, &TrainingPanel::showFollowedBatches);
    connect(m_follower, &RunFollower::epochsAppended, this,
            [this](const std::vector<EpochMetrics> &epochs) {
                m_curves->addEpochs(epochs);
                loadValidation(m_follower->runDir());
                m_runs->refresh();
            });
    connect(m_follower, &RunFollower::statusChanged, this, [this](const RunStatus &status) {
        m_runs->refresh();
        if (!m_job->isRunning()) // a followed run's device, with its ranks and backend
            m_device->setText(status.device);
        if (!m_job->isRunning()) // running: its time so far; else how long it took
            m_time->setStatus(status, lastRunWrite(m_follower->runDir()));
    });
}

void TrainingPanel::connectViews()
{
    connect(m_confusion, &ConfusionView::personsRequested, this, &TrainingPanel::personsRequested);
    connect(m_mistakes, &MistakesView::personsRequested, this, &TrainingPanel::personsRequested);
    connect(m_runsBox, &RunsBox::selectionChanged, this, &TrainingPanel::onRunSelectionChanged);
    connect(m_runsBox, &RunsBox::followFolderRequested, this, &TrainingPanel::showRun);
    connect(m_runsBox, &RunsBox::aboutToChangeRuns, this, [this] {
        m_follower->follow(QString());
        m_shownRun.clear();
    });
    connect(m_runsBox, &RunsBox::loadConfigRequested, this, [this](const QString &path) {
        QString error;
        if (!m_editor->loadFile(path, &error))
            QMessageBox::warning(this, tr("Load config"), error);
    });
}

void TrainingPanel::showSweepPage()
{
    m_editorPages->setCurrentWidget(m_sweep);
}

void TrainingPanel::buildLayout()
{
    auto *configPage = new QWidget;
    auto *leftLayout = new QVBoxLayout(configPage);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_editor, 1);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_start, m_stop, m_resume, m_enqueue})
        buttons->addWidget(b);
    buttons->addWidget(new QLabel(tr("Processes")));
    buttons->addWidget(m_processes);
    leftLayout->addLayout(buttons);

    auto *progress = new QGridLayout;
    m_epochBar->setFormat(tr("epoch %v of %m"));
    m_batchBar->setFormat(tr("batch %v of %m"));
    progress->addWidget(m_shown, 0, 0, 1, 2);
    progress->addWidget(m_useScratch, 0, 3);
    progress->addWidget(m_device, 0, 2);
    progress->addWidget(m_epochBar, 1, 0);
    progress->addWidget(m_batchBar, 1, 1);
    progress->addWidget(m_speed, 1, 2);
    progress->addWidget(m_time, 1, 3);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_views->addTab(m_curves, tr("Curves"));
    m_views->addTab(m_confusion, tr("Confusion matrix"));
    m_views->addTab(m_mistakes, tr("Mistakes"));
    m_views->addTab(m_log, tr("Log"));

    auto *right = new QSplitter(Qt::Vertical);
    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(progress);
    topLayout->addWidget(m_views, 1);
    right->addWidget(top);
    right->addWidget(m_runsBox);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);

    auto *split = new QSplitter(Qt::Horizontal);
    m_editorPages->setObjectName(QStringLiteral("editorPages"));
    m_editorPages->addTab(configPage, tr("Config"));
    m_editorPages->addTab(m_sweep, tr("Sweep"));
    split->addWidget(m_editorPages);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({380, 900});
    (new QVBoxLayout(this))->addWidget(split);
}

} // namespace masklab::ui
