#include "mainwindow.h"

#include "browserpanel.h"
#include "coresharing.h"
#include "edapanel.h"
#include "evalpanel.h"
#include "exportcontroller.h"
#include "finderbox.h"
#include "labelsession.h"
#include "mappanel.h"
#include "queuepanel.h"
#include "recentfolders.h"
#include "reportformat.h"
#include "reportpanel.h"
#include "runspanel.h"
#include "scanjob.h"
#include "summarypanel.h"
#include "suspectspanel.h"
#include "sweepjob.h"
#include "thumbnailcache.h"
#include "trainingpanel.h"

#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QUndoGroup>
#include <QUndoStack>
#include <QUndoView>
#include <QUrl>
#include <QVBoxLayout>

#include <functional>

namespace masklab::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_scanJob(new ScanJob(this)), m_summary(new SummaryPanel),
      m_report(new ReportPanel), m_tabs(new QTabWidget(this)), m_progress(new QProgressBar),
      m_cancel(new QToolButton), m_status(new QLabel), m_thumbnails(new ThumbnailCache(this)),
      m_browser(new BrowserPanel(m_thumbnails)), m_eval(new EvalPanel), m_eda(new EdaPanel),
      m_training(new TrainingPanel), m_runs(new RunsPanel), m_queue(new QueuePanel),
      m_suspects(new SuspectsPanel(m_thumbnails)), m_map(new MapPanel(m_thumbnails)),
      m_undoGroup(new QUndoGroup(this)), m_exporter(new ExportController(this)),
      m_cores(new CoreSharing(this))
{
    setWindowTitle(QStringLiteral("MaskLab"));
    setWindowIcon(QIcon(QStringLiteral(":/masklab/masklab.svg")));
    setAcceptDrops(true);
    resize(1200, 760);

    auto *overview = new QWidget;
    auto *layout = new QVBoxLayout(overview);
    auto *summaryBox = new QGroupBox(tr("Summary"));
    (new QVBoxLayout(summaryBox))->addWidget(m_summary);
    auto *reportBox = new QGroupBox(tr("Validation report"));
    (new QVBoxLayout(reportBox))->addWidget(m_report);
    layout->addWidget(summaryBox);
    layout->addWidget(reportBox, 1);
    m_tabs->addTab(overview, tr("Overview"));
    m_tabs->addTab(m_browser, tr("Browser"));
    m_tabs->addTab(m_eda, tr("EDA"));
    m_tabs->addTab(m_training, tr("Training"));
    m_tabs->addTab(m_runs, tr("Runs"));
    m_tabs->addTab(m_queue, tr("Queue"));
    m_tabs->addTab(m_suspects, tr("Suspects"));
    m_tabs->addTab(m_eval, tr("Eval"));
    m_tabs->addTab(m_map, tr("Map"));
    connectBrowserRequests();
    connectSuspects();
    shareCores();
    connectQueue();
    setCentralWidget(m_tabs);

    m_historyDock = new QDockWidget(tr("Edit History"), this);
    m_historyDock->setObjectName(QStringLiteral("historyDock"));
    auto *history = new QUndoView(m_undoGroup);
    history->setMinimumWidth(280);
    history->setEmptyLabel(tr("<original labels>"));
    m_historyDock->setWidget(history);
    addDockWidget(Qt::RightDockWidgetArea, m_historyDock);
    m_historyDock->hide();

    m_progress->setMaximumWidth(260);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_thumbnails->setObjectName(QStringLiteral("browserThumbnails")); // the eval tab has its own
    m_cancel->setObjectName(QStringLiteral("cancel"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the scan"));
    m_cancel->hide();
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);

    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_exporter->cancelDatasetExport(); // whichever of the two is running
        m_scanJob->cancel();
    });
    connect(m_scanJob, &ScanJob::progressChanged, this, &MainWindow::onScanProgress);
    connect(m_scanJob, &ScanJob::indexed, this, &MainWindow::onScanIndexed);
    connect(m_scanJob, &ScanJob::finished, this, &MainWindow::onScanFinished);
    connect(m_report, &ReportPanel::revealRequested, this, &MainWindow::revealFile);
    connect(m_exporter, &ExportController::status, m_status, &QLabel::setText);
    connect(m_eval, &EvalPanel::statusMessage, m_status, &QLabel::setText);
    connect(m_exporter, &ExportController::progress, this, &MainWindow::onScanProgress);
    connect(m_exporter, &ExportController::datasetExportStarted, this, [this] {
        m_progress->setRange(0, 0);
        m_progress->show();
        m_cancel->setToolTip(tr("Stop the export and remove what it wrote"));
        m_cancel->show();
    });
    connect(m_exporter, &ExportController::datasetExportFinished, this, [this] {
        m_progress->setVisible(isScanning());
        m_cancel->setVisible(isScanning());
        m_cancel->setToolTip(tr("Stop the scan"));
    });
    createMenus();
    m_status->setText(tr("Ready"));
}

MainWindow::~MainWindow() = default;

void MainWindow::setInteractive(bool interactive)
{
    m_interactive = interactive;
    m_cores->setAnswer(interactive ? CoreSharing::Choice::Ask : CoreSharing::Choice::RunAnyway);
}

bool MainWindow::showTab(const QString &name)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->tabText(i).remove(u'&').startsWith(name, Qt::CaseInsensitive)) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

bool MainWindow::isScanning() const
{
    return m_scanJob->isRunning();
}

bool MainWindow::isFillingIn() const
{
    return m_thumbnails->pendingCount() > 0 || m_eval->isBusy();
}

bool MainWindow::startTrainingFrom(const QString &configPath, QString *error)
{
    showTab(QStringLiteral("training"));
    if (!m_session) {
        *error = tr("no dataset is open");
        return false;
    }
    return m_training->startTrainingFrom(configPath, error);
}

void MainWindow::followRun(const QString &runDir)
{
    m_training->showRun(runDir);
    showTab(QStringLiteral("training"));
}

void MainWindow::openDataset(const QString &path, bool deep)
{
    m_sessionError.clear();
    m_requestedPath = path;
    m_status->setText(tr("Scanning %1...").arg(QDir::toNativeSeparators(path)));
    m_progress->setRange(0, 0);
    m_progress->show();
    m_cancel->show();
    ScanOptions options;
    options.deep = deep;
    m_scanJob->start(path, options);
}

void MainWindow::onScanProgress(const QString &phase, qint64 done, qint64 total)
{
    m_progress->setRange(0, total > 0 ? 1000 : 0);
    if (total > 0)
        m_progress->setValue(int(1000 * done / total));
    m_progress->setFormat(phase + QStringLiteral(" %p%"));
}

void MainWindow::onScanIndexed(std::shared_ptr<const ScanResult> result)
{
    // Browsing starts now; the image check goes on in the background.
    m_result = result;
    const QString sessionError = openSession(result);
    const bool readOnly = m_session && m_session->isReadOnly();
    setWindowTitle(QStringLiteral("%1%2 - MaskLab")
                       .arg(QDir::toNativeSeparators(m_result->dataset.root),
                            readOnly ? tr(" [read-only]") : QString()));
    m_summary->showResult(*m_result);
    showPersonCounts();
    m_report->setIssues(m_result->issues);
    m_eval->setScan(m_result);
    m_status->setText(sessionError.isEmpty() ? tr("Checking images...") : sessionError);
    m_sessionError = sessionError;
    if (m_session)
        emit browserReady();
}

void MainWindow::onScanFinished(std::shared_ptr<const ScanResult> result)
{
    m_progress->setVisible(m_exporter->isExportingDataset());
    m_cancel->setVisible(m_exporter->isExportingDataset());
    if (!result->located) {
        m_status->setText(result->fatalError);
        m_summary->clear(result->fatalError);
        RecentFolders::remove(m_requestedPath);
        rebuildRecentMenu();
        emit scanFinished(false);
        return;
    }
    m_result = result;
    if (m_session && !result->cancelled)
        m_session->updateScan(result);
    m_summary->showResult(*m_result);
    showPersonCounts();
    m_report->setIssues(m_result->issues);
    if (result->cancelled)
        m_status->setText(tr("Scan cancelled: the report is incomplete"));
    else
        m_status->setText(m_sessionError.isEmpty() ? scanSummaryLine(*m_result) : m_sessionError);
    RecentFolders::add(m_result->dataset.root);
    rebuildRecentMenu();
    emit scanFinished(true);
}

QString MainWindow::openSession(std::shared_ptr<const ScanResult> result)
{
    if (m_session) {
        m_session->keepLock(nullptr); // released now, not when deleteLater runs
        m_undoGroup->removeStack(m_session->undoStack());
        m_browser->setSession(nullptr);
        m_eda->setSession(nullptr);
        m_exporter->setSession(nullptr);
        m_suspects->setSession(nullptr);
        m_eval->setSession(nullptr);
        m_map->setSession(nullptr);
        m_session->deleteLater();
        m_session = nullptr;
    }
    m_thumbnails->clear();
    m_cores->cancelAll(); // queued starts were for the previous dataset
    const QString root = result->dataset.root;
    Workspace workspace(Workspace::defaultDirFor(root), root);
    // Even when relabeling stays off below, training must not go on with the previous dataset:
    // the trainer reads this one's overlay itself and refuses while it is broken.
    m_training->setDataset(root, workspace.dir());
    m_runs->setWorkspace(workspace.dir());
    m_queue->setWorkspace(workspace.dir(), root);
    if (m_interactive && m_queue->leftRunning())
        QTimer::singleShot(0, this, &MainWindow::offerToResumeQueue);
    m_cores->setWorkspace(workspace.dir()); // runs of other processes there count as training
    auto lock = std::make_unique<WorkspaceLock>(workspace.dir());
    const QString readOnly = lock->tryAcquire() ? QString() : lock->refusal();
    QString error;
    std::optional<LabelOverlay> overlay = readOverlay(workspace, readOnly.isEmpty(), &error);
    if (!overlay)
        return error;
    m_session = new LabelSession(std::move(result), std::move(*overlay), workspace, this);
    m_session->keepLock(std::move(lock));
    m_session->setReadOnly(readOnly);
    connect(m_session, &LabelSession::saveFailed, this, [this](const QString &message) {
        m_status->setText(tr("Not saved: %1").arg(message));
    });
    connect(m_session, &LabelSession::stepApplied, this, &MainWindow::confirmStep);
    connect(m_session, &LabelSession::personsChanged, this, &MainWindow::showPersonCounts);
    connect(m_session, &LabelSession::thresholdsChanged, this, &MainWindow::showPersonCounts);
    m_undoGroup->addStack(m_session->undoStack());
    m_undoGroup->setActiveStack(m_session->undoStack());
    m_browser->setSession(m_session);
    m_eda->setSession(m_session);
    m_exporter->setSession(m_session);
    m_suspects->setSession(m_session);
    m_eval->setSession(m_session);
    m_map->setSession(m_session);
    if (!readOnly.isEmpty())
        return tr("Read-only: %1").arg(readOnly);
    return m_session->lastSaveError(); // e.g. an unreadable settings.yaml
}

std::optional<LabelOverlay> MainWindow::readOverlay(const Workspace &workspace, bool mayWrite,
                                                    QString *problem)
{
    QString error;
    if (std::optional<LabelOverlay> overlay = workspace.loadOverlay(&error))
        return overlay;
    // Never discard a user's edits silently: keep the broken file, ask what to do. Only the
    // process that holds the workspace may set it aside.
    const bool setAside =
        m_interactive && mayWrite &&
        QMessageBox::warning(this, tr("Relabel overlay cannot be read"),
                             tr("%1\n\nSet the file aside (it is kept, renamed) and start "
                                "with no edits? Otherwise the browser stays closed so you "
                                "can repair the file by hand.")
                                 .arg(error),
                             QMessageBox::Yes | QMessageBox::No) == QMessageBox::Yes;
    if (setAside && workspace.setAsideOverlay(&error))
        return LabelOverlay{};
    *problem = tr("Relabeling is off: the relabel overlay cannot be read: %1").arg(error);
    return std::nullopt;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_cores->cancelAll(); // a start queued behind a job stopped below must not begin now
    // Each running job: asked about (when interactive), then stopped after its batch.
    struct RunningJob
    {
        bool running;
        QString title, question, stopping;
        std::function<void()> stopAndWait;
    };
    const RunningJob jobs[] = {
        {m_training->isTraining(), tr("Training is running"),
         tr("Stop the training run and quit? It stops after the current batch; the last "
            "finished epoch stays resumable."),
         tr("Stopping the training after the current batch..."),
         [this] { m_training->stopAndWait(); }},
        {m_suspects->finder()->isRunning(), tr("The error finder is running"),
         tr("Stop it and quit? It stops after the current batch; the next Find errors goes on "
            "from there."),
         tr("Stopping the error finder after the current batch..."),
         [this] { m_suspects->finder()->stopAndWait(); }},
        {m_runs->isSweeping(), tr("A sweep is running"),
         tr("Stop it and quit? Each point stops after its current batch; Run sweep with the "
            "same file goes on from there."),
         tr("Stopping the sweep after the current batch..."),
         [this] { m_runs->sweepJob()->stopAndWait(); }},
        {m_queue->isRunning(), tr("The queue is running"),
         tr("Stop it and quit? The running entry stops after its current batch; reopening "
            "this dataset offers to go on."),
         tr("Stopping the queue after the current batch..."),
         [this] { m_queue->job()->stopAndWait(); }},
    };
    for (const RunningJob &job : jobs) {
        if (!job.running)
            continue;
        if (m_interactive &&
            QMessageBox::question(this, job.title, job.question) != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_status->setText(job.stopping);
        job.stopAndWait();
    }
    event->accept();
}

void MainWindow::revealFile(const QString &relativePath)
{
    if (!m_result)
        return;
    const QFileInfo info(QDir(m_result->dataset.root).filePath(relativePath));
    const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile() &&
        QFileInfo(urls.front().toLocalFile()).isDir())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.front().isLocalFile())
        return;
    openDataset(urls.front().toLocalFile());
    event->acceptProposedAction();
}

} // namespace masklab::ui
