#pragma once
// The photo viewer's "Where the model looks" toggle (H): a run of the dataset's workspace and a
// head (mask, gender, age); when on, Grad-CAM for the shown photo is computed on a worker thread
// (explainPhoto, as masklab-cli explain) and the viewer shows the photo with the heat over it.

#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

class QCheckBox;
class QComboBox;

namespace masklab::ui {

struct ExplainedPhoto
{
    QString key; // run | head | photo
    QImage image;
    QString text; // the head's answer and the run, or why there is no picture
};

class ExplainBar : public QWidget
{
    Q_OBJECT
public:
    explicit ExplainBar(QWidget *parent = nullptr);
    ~ExplainBar() override;

    // The photo now shown; the runs offered are those of its dataset's workspace.
    void setPhoto(const QString &path);
    bool isOn() const;
    void setOn(bool on);
    // The shown photo explained; a null image while it is computed, off, or when it failed.
    const ExplainedPhoto &current() const { return m_current; }
    bool isComputing() const { return m_watcher.isRunning(); }

signals:
    void changed();

private:
    void refreshRuns(const QString &workspaceDir);
    void request();
    void onDone();
    QString key() const;

    QCheckBox *m_on;
    QComboBox *m_head;
    QComboBox *m_run;
    QString m_photo;
    QString m_workspace;
    ExplainedPhoto m_current;
    QString m_pendingKey;
    QFutureWatcher<ExplainedPhoto> m_watcher;
};

// The dataset root a photo of it lies in (<root>/train/images/<folder>/<file> or
// <root>/eval/images/<file>); empty when the path is neither.
QString datasetRootOfPhoto(const QString &path);

} // namespace masklab::ui
