#pragma once
// The Eval tab: predict the eval set with one run or an ensemble (PredictBox), every eval image
// as a thumbnail with its predicted class chip, filtered and sorted (least sure first), the
// predicted class distribution beside the training one, the selected image's probabilities,
// and the submission's export and its comparison with another submission file.

#include "evalpredictions.h"
#include "evalset.h"
#include "labels.h"
#include "predictioncache.h"

#include <QWidget>

#include <memory>

class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace masklab {
struct ScanResult;
}

namespace masklab::ui {

class BarChart;
class EvalCellDelegate;
class EvalFilterBar;
class EvalFilterProxy;
class EvalImageModel;
class LabelSession;
class PhotoViewer;
class PredictBox;
class ThumbnailCache;

class EvalPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EvalPanel(QWidget *parent = nullptr);

    // The open dataset's eval images (shown until another eval folder is chosen).
    void setScan(std::shared_ptr<const ScanResult> scan);
    // The workspace (runs, stored predictions), the age groups and the training distribution;
    // null while no labels can be read.
    void setSession(LabelSession *session);
    void showPredictions(std::shared_ptr<const EvalPredictions> predictions,
                         const PredictionRequest &request);

    // The submission (ImageID,ans) and FILE.probabilities.csv, as masklab-cli predict writes.
    bool exportSubmission(const QString &path, QString *error);
    // Shows a submission file's answers as the predictions (probability 1 each), e.g. to
    // compare two files: open one, compare with the other.
    bool openSubmission(const QString &path, QString *error);
    // Compares the shown predictions with a submission file: the report, and the grid's
    // chips and "Changed" filter show the file's answers.
    bool compareWith(const QString &path, QString *error);

    // Shows and predicts another eval folder (info.csv and images/); empty: the open dataset's.
    // False with the reason (file and line) when its info.csv cannot be read, or while
    // predicting.
    bool setEvalFolder(const QString &dir, QString *error);
    QString evalFolder() const { return m_images.dir; }
    // Rich text: the image's answer, heads, likely classes and members; row: the model's row.
    QString imageDetails(int row) const;
    // The full-size viewer of the grid's images (double-click), created on first use.
    PhotoViewer *photoViewer();

    // Predicting, reading stored predictions or loading thumbnails (for --screenshot).
    bool isBusy() const;

    EvalImageModel *model() const { return m_model; }
    EvalFilterProxy *proxy() const { return m_proxy; }
    QListView *view() const { return m_view; }
    PredictBox *predictBox() const { return m_predict; }
    EvalFilterBar *filterBar() const { return m_filters; }
    BarChart *distributionChart() const { return m_chart; }
    QLabel *detailsLabel() const { return m_details; }
    QPlainTextEdit *comparisonText() const { return m_comparison; }

signals:
    // A line for the window's status bar: an export written, or why not.
    void statusMessage(const QString &text);
    // The photo viewer's More like this.
    void moreLikeRequested(const QString &path);

private:
    void updateChart();
    void showDetails();
    void chooseExportFile();
    void chooseCompareFile();
    void chooseSubmissionFile();
    void chooseEvalFolder();
    void showImages(EvalSet images); // forgets the predictions shown

    ThumbnailCache *m_thumbnails; // its own: the person grid's drop-far-rows window is not ours
    EvalImageModel *m_model;
    EvalFilterProxy *m_proxy;
    EvalCellDelegate *m_delegate;
    QListView *m_view;
    QLabel *m_info;
    QLabel *m_folder;
    QPushButton *m_otherFolder;
    QPushButton *m_datasetFolder;
    PhotoViewer *m_viewer = nullptr;
    PredictBox *m_predict;
    EvalFilterBar *m_filters;
    BarChart *m_chart;
    QLabel *m_details;
    QPushButton *m_export;
    QPushButton *m_compare;
    QPushButton *m_open;
    QPlainTextEdit *m_comparison;
    QTimer *m_chartTimer; // coalesces the recounts after edits
    LabelSession *m_session = nullptr;
    EvalSet m_datasetImages; // the open dataset's eval images
    EvalSet m_images;        // those shown
    std::shared_ptr<const EvalPredictions> m_predictions;
    PredictionRequest m_request;
    AgeThresholds m_thresholds;
};

} // namespace masklab::ui
