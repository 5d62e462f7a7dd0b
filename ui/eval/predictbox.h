#pragma once
// The Eval tab's "Predict" box: which runs (a finder job's folds as one entry), each with its
// checkpoint (best or last), flip TTA; Predict and Stop, with images/s and the time left.
// Predicting runs on a worker thread (PredictJob) and reads and fills the workspace's stored
// predictions, so a repeated request costs no model time. On opening a dataset the newest stored
// predictions for its eval set are shown again.

#include "predictioncache.h"

#include <QGroupBox>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace masklab::ui {

class PredictJob;

class PredictBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit PredictBox(QWidget *parent = nullptr);

    // The workspace's runs and finder jobs are listed; the newest stored predictions for
    // evalDir are read again (on the worker thread).
    void setWorkspace(const QString &workspaceDir, const QString &evalDir);
    // Another eval folder to predict (info.csv and images/); its newest stored predictions are
    // read again. Not while predicting.
    void setEvalDir(const QString &evalDir);
    QString evalDir() const { return m_evalDir; }
    void refreshRuns();
    PredictionRequest request() const; // the checked runs, checkpoint and TTA
    void predict();                    // what the Predict button does
    bool isRunning() const;
    void waitForFinished(); // tests

    QListWidget *runList() const { return m_runs; }
    QComboBox *checkpointCombo() const { return m_checkpoint; }
    QCheckBox *ttaCheck() const { return m_tta; }
    QPushButton *predictButton() const { return m_predict; }
    QLabel *statusLabel() const { return m_status; }

signals:
    void predicted(std::shared_ptr<const EvalPredictions> predictions,
                   const PredictionRequest &request);

protected:
    void showEvent(QShowEvent *event) override; // runs trained since appear

private:
    void onProgress();
    void onFinished();
    void restoreLatest();
    void setBusy(bool busy);
    void showRequest(const PredictionRequest &request); // its runs checked, its options set

    PredictJob *m_job;
    QString m_workspace;
    QString m_evalDir;
    QListWidget *m_runs;
    QComboBox *m_checkpoint;
    QCheckBox *m_tta;
    QPushButton *m_predict;
    QPushButton *m_stop;
    QProgressBar *m_progress;
    QLabel *m_status;
};

} // namespace masklab::ui
