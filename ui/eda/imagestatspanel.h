#pragma once
// Image statistics of train and eval side by side: sizes, per-channel mean and std (the
// normalisation the trainer can use) and brightness histograms. Computed in the background
// with progress and cancel, cached in the workspace.

#include "imagestatistics.h"

#include <QGroupBox>

#include <atomic>
#include <memory>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace masklab::ui {

class BarChart;
class LabelSession;

class ImageStatsPanel : public QGroupBox
{
    Q_OBJECT
public:
    explicit ImageStatsPanel(QWidget *parent = nullptr);
    ~ImageStatsPanel() override;

    void setSession(LabelSession *session);
    void start();
    void cancel();
    bool isRunning() const { return bool(m_cancel); }

    const std::optional<ImageStatistics> &train() const { return m_train; }
    const std::optional<ImageStatistics> &eval() const { return m_eval; }
    QPushButton *startButton() const { return m_start; }
    BarChart *brightnessChart() const { return m_brightness; }
    QString summaryText() const;

signals:
    void finished();

private:
    void loadCache();
    void show();

    LabelSession *m_session = nullptr;
    std::optional<ImageStatistics> m_train;
    std::optional<ImageStatistics> m_eval;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QPushButton *m_start;
    QPushButton *m_stop;
    QProgressBar *m_progress;
    QLabel *m_summary;
    BarChart *m_brightness;
};

} // namespace masklab::ui
