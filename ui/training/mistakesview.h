#pragma once
// A run's validation mistakes as a gallery: each wrongly predicted validation photo with the
// predicted class chip, its probability and the label under it, the most confident mistakes
// first (or the least). Double-clicking one shows its person in the Browser, as a confusion
// matrix cell does. "Where the model looks" (H) draws the run's Grad-CAM heat over each photo,
// for the head the mistake is most about (mask, then gender, then age).

#include "validationpredictions.h"

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QImage>
#include <QPixmap>
#include <QSet>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;

namespace masklab::ui {

class ThumbnailCache;

class MistakesModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit MistakesModel(ThumbnailCache *thumbnails, QObject *parent = nullptr);

    void setMistakes(std::vector<ValidationPrediction> mistakes); // most confident first
    void setMostConfidentFirst(bool first);
    const ValidationPrediction &mistake(int row) const;
    // Photo path -> the photo with the heat over it, shown instead of its thumbnail.
    void setOverlays(const QHash<QString, QImage> &overlays);
    bool hasOverlay(const QString &path) const { return m_overlays.contains(path); }
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void indexRows(); // which row shows which photo, for arriving thumbnails

    ThumbnailCache *m_thumbnails;
    std::vector<ValidationPrediction> m_mistakes; // most confident first, whatever the order shown
    QHash<QString, int> m_rowOfPath;
    QHash<QString, QPixmap> m_overlays; // scaled to the thumbnails' height
    bool m_mostConfidentFirst = true;
};

class MistakesView : public QWidget
{
    Q_OBJECT
public:
    explicit MistakesView(QWidget *parent = nullptr);
    ~MistakesView() override;

    // Reads the run's validation_predictions.csv; false (and a note) when there is none yet.
    bool loadRun(const QString &runDir);
    MistakesModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    QComboBox *orderCombo() const { return m_order; }
    QLabel *noteLabel() const { return m_note; }
    QCheckBox *heatToggle() const { return m_heat; }
    bool isExplaining() const { return m_heatWatcher.isRunning(); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void personsRequested(const QSet<QString> &folders, const QString &name);

private:
    ThumbnailCache *m_thumbnails;
    MistakesModel *m_model;
    QListView *m_view;
    QComboBox *m_order;
    QLabel *m_note;
    QCheckBox *m_heat;
    QString m_runDir;
    QString m_heatRun; // the run the running heat job explains
    QFutureWatcher<QHash<QString, QImage>> m_heatWatcher;
    void requestHeat();
};

} // namespace masklab::ui
