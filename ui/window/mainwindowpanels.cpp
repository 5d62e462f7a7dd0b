// How the panels reach each other: their requests to show persons in the Browser, the
// Suspects tab's counts, the cores that trainings share, and the status bar's confirmation of
// every edit and the Overview's counts after it.

#include "mainwindow.h"

#include "browserpanel.h"
#include "configeditor.h"
#include "coresharing.h"
#include "edapanel.h"
#include "evalfilterbar.h"
#include "evalpanel.h"
#include "filterbar.h"
#include "finderbox.h"
#include "labelsession.h"
#include "mappanel.h"
#include "persongridview.h"
#include "queuepanel.h"
#include "runspanel.h"
#include "summarypanel.h"
#include "suspectspanel.h"
#include "trainingpanel.h"

#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QTimer>

namespace masklab::ui {

// The Browser showing `filter`'s persons, the first of them selected so keys act on it.
void MainWindow::showInBrowser(const PersonFilter &filter)
{
    m_browser->filterBar()->setFilter(filter);
    showTab(QStringLiteral("browser"));
}

void MainWindow::showFoldersInBrowser(const QSet<QString> &folders, const QString &name)
{
    PersonFilter filter;
    filter.folderSet = folders;
    filter.folderSetName = name;
    showInBrowser(filter);
}

// The EDA charts and the confusion matrix open the persons they stand for in the Browser.
void MainWindow::connectBrowserRequests()
{
    connect(m_eda, &EdaPanel::filterRequested, this, &MainWindow::showInBrowser);
    connect(m_training, &TrainingPanel::personsRequested, this, &MainWindow::showFoldersInBrowser);
    connect(m_runs, &RunsPanel::runRequested, this, [this](const QString &runDir) {
        m_training->showRun(runDir);
        m_tabs->setCurrentWidget(m_training);
    });
    connect(m_map, &MapPanel::personsRequested, this, &MainWindow::showFoldersInBrowser);
    connect(m_map, &MapPanel::evalImagesRequested, this,
            [this](const QSet<QString> &ids, const QString &name) {
                EvalFilter filter;
                filter.imageSet = ids;
                filter.imageSetName = name;
                m_eval->filterBar()->setFilter(filter);
                m_tabs->setCurrentWidget(m_eval);
            });
    const auto moreLike = [this](const QString &path) {
        m_tabs->setCurrentWidget(m_map);
        m_map->showLikePath(path);
    };
    connect(m_browser, &BrowserPanel::moreLikeRequested, this, moreLike);
    connect(m_eval, &EvalPanel::moreLikeRequested, this, moreLike);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_map && !m_map->isBusy())
            m_map->refreshRuns(); // runs trained since show up
    });
    connect(m_runs, &RunsPanel::curvesRequested, this, [this](const QString &a, const QString &b) {
        m_training->showRun(a);
        m_training->compareRuns({b});
        m_tabs->setCurrentWidget(m_training);
    });
}

// The Training tab's run and the error finder's folds ask before training on cores another
// training holds (one of them, or a sweep of the Runs tab).
void MainWindow::shareCores()
{
    m_cores->addJob(m_training, [this] {
        return m_training->isTraining() ? tr("the Training tab's run") : QString();
    });
    m_cores->addJob(m_suspects->finder(), [this] {
        return m_suspects->finder()->isRunning() ? tr("the error finder") : QString();
    });
    m_cores->addJob(m_runs, [this] { return m_runs->isSweeping() ? tr("the sweep") : QString(); });
    m_cores->addJob(m_queue, [this] { return m_queue->isRunning() ? tr("the queue") : QString(); });
    m_training->setCoreSharing(m_cores);
    m_suspects->finder()->setCoreSharing(m_cores);
    const auto ended = [this] { QTimer::singleShot(0, m_cores, &CoreSharing::jobEnded); };
    connect(m_training, &TrainingPanel::trainingFinished, this, ended);
    connect(m_suspects->finder(), &FinderBox::finished, this, ended);
    connect(m_runs, &RunsPanel::sweepFinished, this, ended);
    connect(m_queue, &QueuePanel::queueFinished, this, ended);
}

// "Add to queue" in the Training tab queues the editor's config and shows the queue.
void MainWindow::connectQueue()
{
    connect(m_training, &TrainingPanel::queueRequested, this, [this](const TrainConfig &config) {
        QString error;
        m_queue->addTrain(config, &error); // the queue's note says why not
        m_tabs->setCurrentWidget(m_queue);
    });
    connect(m_training, &TrainingPanel::queueSweepRequested, this, [this](const QString &file) {
        QString error;
        m_queue->addSweep(file, &error); // the queue's note says why not
        m_tabs->setCurrentWidget(m_queue);
    });
    // The Sweep page's Start sweep: the Runs tab runs it and shows its table as it goes.
    connect(m_training, &TrainingPanel::sweepRequested, this, [this](const QString &file) {
        QString error;
        if (!m_runs->startSweep(file, &error)) {
            QMessageBox::warning(this, tr("The sweep did not start"), error);
            return;
        }
        m_runs->showSweep(QFileInfo(file).completeBaseName());
        m_tabs->setCurrentWidget(m_runs);
    });
}

void MainWindow::offerToResumeQueue()
{
    if (m_queue->isRunning() ||
        QMessageBox::question(this, tr("The queue was running"),
                              tr("When MaskLab last closed, this dataset's queue was running and "
                                 "entries still wait. Go on with the queue now?")) !=
            QMessageBox::Yes)
        return;
    QString error;
    if (!m_queue->startQueue(&error))
        QMessageBox::warning(this, tr("The queue did not start"), error);
    m_tabs->setCurrentWidget(m_queue);
}

void MainWindow::connectSuspects()
{
    m_suspects->setConfigSource([this] { return m_training->editor()->config(); });
    connect(m_suspects, &SuspectsPanel::openCountChanged, m_summary,
            &SummaryPanel::setSuspectCount);
    connect(m_suspects, &SuspectsPanel::estimateChanged, m_summary,
            &SummaryPanel::setErrorEstimate);
    connect(m_suspects, &SuspectsPanel::openCountChanged, m_eda, &EdaPanel::setSuspectCount);
    connect(m_eda, &EdaPanel::suspectsRequested, this,
            [this] { showTab(QStringLiteral("suspects")); });
    connect(m_suspects, &SuspectsPanel::showPersonRequested, this, [this](const QString &folder) {
        showFoldersInBrowser({folder}, folder);
        m_browser->view()->setFocus();
    });
}

// Every edit, undo and redo is confirmed where the user looks after a key press.
void MainWindow::confirmStep(const AppliedStep &step)
{
    switch (step.kind) {
    case AppliedStep::Kind::Edit:
        m_status->setText(tr("%1 \u00b7 Ctrl+Z undoes").arg(step.text));
        break;
    case AppliedStep::Kind::BackToBefore:
        m_status->setText(tr("%1: back as before, no edit left to undo").arg(step.text));
        break;
    case AppliedStep::Kind::Undo:
        m_status->setText(tr("Undone: %1 \u00b7 Ctrl+Shift+Z redoes").arg(step.text));
        break;
    case AppliedStep::Kind::Redo:
        m_status->setText(tr("Redone: %1 \u00b7 Ctrl+Z undoes").arg(step.text));
        break;
    }
}

void MainWindow::showPersonCounts()
{
    if (m_session)
        m_summary->showLabels(m_session->labels(), m_session->thresholds());
}

} // namespace masklab::ui
