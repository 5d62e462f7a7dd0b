#include "finderbox.h"

#include "coresharing.h"
#include "finderjob.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QtConcurrent>

namespace masklab::ui {

FinderBox::FinderBox(QWidget *parent)
    : QWidget(parent), m_find(new QPushButton(tr("Find errors"))),
      m_stop(new QPushButton(tr("Stop"))), m_folds(new QSpinBox), m_quick(new QCheckBox),
      m_estimate(new QLabel), m_status(new QLabel), m_progress(new QProgressBar),
      m_job(new FinderJob(this)), m_drainTimer(new QTimer(this)), m_tick(new QTimer(this))
{
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &FinderBox::showStatus);
    m_folds->setRange(2, 20);
    m_folds->setValue(5);
    m_folds->setPrefix(tr("Folds: "));
    m_folds->setToolTip(tr("Every photo is judged by the model of the fold that held its person "
                           "out; K folds cost about K-1 training runs"));
    m_quick->setText(tr("Quick (at most %1 epochs per fold)").arg(kQuickEpochs));
    m_quick->setToolTip(tr("Fewer epochs per fold: a rougher ranking in a fraction of the time"));
    m_find->setToolTip(tr("Train the folds with the Training tab's config and rank the suspects"));
    m_estimate->setWordWrap(true);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(10);
    m_progress->hide(); // shown while the finder runs
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_find);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_folds);
    buttons->addWidget(m_quick);
    buttons->addWidget(m_estimate, 1);
    layout->addLayout(buttons, 0, 0, 1, 2);
    layout->addWidget(m_progress, 1, 0);
    layout->addWidget(m_status, 1, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 2);

    m_drainTimer->setSingleShot(true);
    m_drainTimer->setInterval(80);
    connect(m_drainTimer, &QTimer::timeout, this, &FinderBox::drain);
    connect(m_job, &FinderJob::updateAvailable, this, [this] {
        if (!m_drainTimer->isActive())
            m_drainTimer->start();
    });
    connect(m_job, &FinderJob::finished, this, &FinderBox::onFinished);
    connect(m_find, &QPushButton::clicked, this, &FinderBox::start);
    connect(m_stop, &QPushButton::clicked, this, &FinderBox::stop);
    connect(m_folds, &QSpinBox::valueChanged, this, &FinderBox::refreshEstimate);
    connect(m_quick, &QCheckBox::toggled, this, &FinderBox::refreshEstimate);
    connect(&m_plan, &QFutureWatcher<trainer::FinderPlan>::finished, this, [this] {
        m_estimate->setText(estimateText());
        updateButtons();
        if (std::exchange(m_planAgain, false))
            refreshEstimate();
    });
    updateButtons();
}

FinderBox::~FinderBox()
{
    m_plan.waitForFinished();
}

void FinderBox::setSource(std::function<TrainConfig()> config, const QString &datasetRoot,
                          const QString &workspace)
{
    m_config = std::move(config);
    m_dataset = datasetRoot;
    m_workspace = workspace;
    updateButtons();
    refreshEstimate();
}

trainer::FinderOptions FinderBox::options() const
{
    trainer::FinderOptions options;
    options.config = m_config ? m_config() : TrainConfig{};
    options.config.data.dataset = m_dataset;
    options.config.data.workspace = m_workspace;
    if (m_quick->isChecked())
        options.config.train.epochs = std::min(options.config.train.epochs, kQuickEpochs);
    options.folds = m_folds->value();
    return options;
}

void FinderBox::refreshEstimate()
{
    if (m_dataset.isEmpty() || m_job->isRunning()) // no timing batches beside the folds
        return;
    if (m_plan.isRunning()) {
        m_planAgain = true; // the settings changed while the last estimate was worked out
        return;
    }
    m_estimate->setText(tr("Working out the time..."));
    m_plan.setFuture(QtConcurrent::run(&trainer::planErrorFinder, options()));
}

void FinderBox::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshEstimate(); // the Training tab's config may have changed
}

QString FinderBox::estimateText() const
{
    if (!m_plan.isFinished() || m_plan.future().resultCount() == 0)
        return {};
    const trainer::FinderPlan plan = m_plan.result();
    if (!plan.ok)
        return tr("Cannot run: %1").arg(plan.error);
    if (plan.foldsToTrain == 0)
        return tr("All %1 folds were trained on these labels: the list reopens at once")
            .arg(plan.folds);
    const QString reused =
        plan.foldsReusable > 0 ? tr(", %1 reused").arg(plan.foldsReusable) : QString();
    if (!plan.seconds)
        return tr("%1 folds to train%2; the time left shows after the first batches")
            .arg(plan.foldsToTrain)
            .arg(reused);
    return tr("%1 folds to train%2: about %3 (at the pace of %4)")
        .arg(plan.foldsToTrain)
        .arg(reused, formatDuration(*plan.seconds), plan.paceSource);
}

QString FinderBox::statusText() const
{
    return m_status->text();
}

void FinderBox::setCoreSharing(CoreSharing *cores)
{
    m_cores = cores;
    connect(cores, &CoreSharing::queueChanged, this, &FinderBox::updateButtons);
}

bool FinderBox::start()
{
    if (m_dataset.isEmpty() || m_job->isRunning())
        return false;
    QString note;
    if (m_cores && !m_cores->mayStart(
                       this, this, [this] { startNow(); }, &note)) {
        m_status->setText(note);
        updateButtons();
        return m_cores->isQueued(this);
    }
    m_latest = note; // running beside another training, if the user chose so
    return startNow();
}

bool FinderBox::startNow()
{
    if (m_dataset.isEmpty() || !m_job->start(options()))
        return false;
    m_plannedSeconds.reset();
    if (m_plan.isFinished() && m_plan.future().resultCount() > 0 && m_plan.result().ok)
        m_plannedSeconds = m_plan.result().seconds;
    m_timeLeft.restart();
    m_timeLeft.setPlan(m_plannedSeconds);
    m_timeLeft.update(0); // the clock starts now: hashing and setup are part of the job
    m_elapsed.start();
    m_tick->start();
    m_progress->setValue(0);
    m_progress->show();
    m_estimate->clear(); // one figure while it runs: the status line's
    if (m_latest.isEmpty())
        m_latest = tr("Starting...");
    showStatus();
    updateButtons();
    return true;
}

void FinderBox::stop()
{
    if (m_cores && m_cores->isQueued(this)) {
        m_cores->cancelQueued(this);
        m_status->setText(tr("The queued start was cancelled"));
        return;
    }
    m_job->stop();
    m_latest = tr("Stopping after the current batch...");
    showStatus();
}

void FinderBox::stopAndWait()
{
    m_job->stop();
    m_job->waitForFinished();
}

bool FinderBox::isRunning() const
{
    return m_job->isRunning();
}

void FinderBox::drain()
{
    const FinderUpdate u = m_job->takeUpdate();
    if (u.shareDone >= 0) {
        m_timeLeft.update(u.shareDone);
        m_progress->setValue(int(u.shareDone * 1000));
    }
    if (!u.status.isEmpty())
        m_latest = u.status;
    else if (!u.log.isEmpty())
        m_latest = u.log.back();
    showStatus();
}

void FinderBox::showStatus()
{
    if (!m_job->isRunning())
        return;
    m_status->setText(
        tr("%1; %2 elapsed, %3 left")
            .arg(m_latest, formatDuration(m_elapsed.elapsed() / 1000.0), m_timeLeft.text()));
}

void FinderBox::onFinished()
{
    drain();
    m_tick->stop();
    m_latest.clear(); // the next run starts with its own line
    const trainer::FinderOutcome &outcome = m_job->outcome();
    const QString took = m_plannedSeconds
                             ? tr("took %1, planned %2")
                                   .arg(formatDuration(m_elapsed.elapsed() / 1000.0),
                                        formatDuration(*m_plannedSeconds))
                             : tr("took %1").arg(formatDuration(m_elapsed.elapsed() / 1000.0));
    if (outcome.cancelled)
        m_status->setText(tr("Stopped after %1; what was trained is kept and Find errors goes "
                             "on from there")
                              .arg(formatDuration(m_elapsed.elapsed() / 1000.0)));
    else if (!outcome.ok)
        m_status->setText(tr("Failed: %1").arg(outcome.error));
    else
        m_status->setText(tr("Done: %1 suspects (%2 folds trained, %3 reused); %4")
                              .arg(outcome.results.suspects.size())
                              .arg(outcome.trainedFolds)
                              .arg(outcome.reusedFolds)
                              .arg(took));
    m_progress->setValue(outcome.ok ? 1000 : m_progress->value());
    updateButtons();
    refreshEstimate();
    emit finished(outcome);
}

void FinderBox::updateButtons()
{
    const bool running = m_job->isRunning();
    const bool queued = m_cores && m_cores->isQueued(this);
    m_find->setEnabled(!running && !queued && !m_dataset.isEmpty());
    m_stop->setEnabled(running || queued);
    m_folds->setEnabled(!running);
    m_quick->setEnabled(!running);
}

} // namespace masklab::ui
