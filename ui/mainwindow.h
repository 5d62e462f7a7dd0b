#pragma once
// The main window: opens a dataset folder, scans it in the background, shows the summary and
// the validation report. Later panels (browser, EDA, training) become tabs here.

#include <QMainWindow>

#include <memory>

class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QToolButton;

namespace masklab {
struct ScanResult;
}

namespace masklab::ui {

class ReportPanel;
class ScanJob;
class SummaryPanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts a background scan of path (root, train folder or train/images).
    void openDataset(const QString &path, bool deep = false);
    const ScanResult *scanResult() const { return m_result.get(); }
    ReportPanel *reportPanel() const { return m_report; }
    SummaryPanel *summaryPanel() const { return m_summary; }
    bool isScanning() const;
    QString statusText() const; // the status bar's message, e.g. why a path could not be opened

signals:
    // Emitted when a scan ends: located is false when the path held no dataset.
    void scanFinished(bool located);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void rebuildRecentMenu();
    void showOpenDialog();
    void onScanProgress(const QString &phase, qint64 done, qint64 total);
    void onScanFinished(std::shared_ptr<const ScanResult> result);
    void revealFile(const QString &relativePath);

    ScanJob *m_scanJob;
    SummaryPanel *m_summary;
    ReportPanel *m_report;
    QTabWidget *m_tabs;
    QProgressBar *m_progress;
    QToolButton *m_cancel;
    QLabel *m_status;
    QMenu *m_recentMenu = nullptr;
    QString m_requestedPath;
    std::shared_ptr<const ScanResult> m_result;
};

} // namespace masklab::ui
