#pragma once
// The main window: opens a dataset folder, scans it in the background, shows the summary and
// the validation report. Later panels (browser, EDA, training) become tabs here.

#include "workspace.h"

#include <QMainWindow>
#include <QSet>

#include <memory>
#include <optional>

class QDockWidget;
class QLabel;
class QMenu;
class QUndoGroup;
class QProgressBar;
class QTabWidget;
class QToolButton;

namespace masklab {
struct PersonFilter;
struct ScanResult;
} // namespace masklab

namespace masklab::ui {

struct AppliedStep;
class BrowserPanel;
class CoreSharing;
class EdaPanel;
class EvalPanel;
class MapPanel;
class ExportController;
class LabelSession;
class ReportPanel;
class ScanJob;
class SummaryPanel;
class SuspectsPanel;
class ThumbnailCache;
class QueuePanel;
class RunsPanel;
class TrainingPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts a background scan of path (root, train folder or train/images).
    void openDataset(const QString &path, bool deep = false);
    const ScanResult *scanResult() const { return m_result.get(); }
    LabelSession *session() const { return m_session; }
    // Shows the tab whose title starts with name (case-insensitive); false when none does.
    bool showTab(const QString &name);
    // Off for tests and --screenshot: problems go to the status bar instead of dialogs.
    // Off also answers "another training is running" with Run anyway.
    void setInteractive(bool interactive);
    bool isScanning() const;
    // Thumbnails or eval predictions still loading (a screenshot waits for them).
    bool isFillingIn() const;
    QString statusText() const; // the status bar's message, e.g. why a path could not be opened
    // The Training tab: load this config and start it; false with why (the file, the
    // config's problems). Shows the tab either way.
    bool startTrainingFrom(const QString &configPath, QString *error);
    // The Training tab: show this run folder and follow it as it grows.
    void followRun(const QString &runDir);
    // Help > About: MaskLab's version and licence, and each library's version and licence.
    static QString aboutText();

signals:
    // Emitted when a scan ends: located is false when the path held no dataset.
    void scanFinished(bool located);
    // The browser is open (the image check may still run): persons can be browsed and edited.
    void browserReady();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    // Mid-run, asks; then stops the training after the current batch (last.pt is kept).
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    // mainwindowpanels.cpp: how the panels reach each other.
    void connectBrowserRequests();
    void showInBrowser(const PersonFilter &filter);
    void showFoldersInBrowser(const QSet<QString> &folders, const QString &name);
    void connectSuspects();
    void shareCores();
    void connectQueue();
    void offerToResumeQueue(); // the last session left the queue running
    void confirmStep(const AppliedStep &step);
    // The Overview's persons by gender and age group, as labelled now.
    void showPersonCounts();
    void rebuildRecentMenu();
    void showOpenDialog();
    void onScanProgress(const QString &phase, qint64 done, qint64 total);
    void onScanIndexed(std::shared_ptr<const ScanResult> result);
    void onScanFinished(std::shared_ptr<const ScanResult> result);
    void revealFile(const QString &relativePath);
    // Loads the relabel overlay and opens the browser; returns why not, empty on success.
    QString openSession(std::shared_ptr<const ScanResult> result);
    // The overlay, or nothing with why relabeling is off (a broken file the user kept).
    std::optional<LabelOverlay> readOverlay(const Workspace &workspace, bool mayWrite,
                                            QString *problem);

    ScanJob *m_scanJob;
    SummaryPanel *m_summary;
    ReportPanel *m_report;
    QTabWidget *m_tabs;
    QProgressBar *m_progress;
    QToolButton *m_cancel;
    QLabel *m_status;
    QMenu *m_recentMenu = nullptr;
    ThumbnailCache *m_thumbnails;
    BrowserPanel *m_browser;
    EvalPanel *m_eval;
    EdaPanel *m_eda;
    TrainingPanel *m_training;
    RunsPanel *m_runs;
    QueuePanel *m_queue;
    SuspectsPanel *m_suspects;
    MapPanel *m_map;
    QUndoGroup *m_undoGroup;
    QDockWidget *m_historyDock = nullptr;
    ExportController *m_exporter;
    CoreSharing *m_cores;
    LabelSession *m_session = nullptr;
    bool m_interactive = true;
    QString m_sessionError; // why relabeling is off for this dataset, if it is
    QString m_requestedPath;
    std::shared_ptr<const ScanResult> m_result;
};

} // namespace masklab::ui
