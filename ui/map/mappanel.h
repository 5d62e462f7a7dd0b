#pragma once
// The Map tab: what a trained run makes of every photo. Pick a run, Map embeds its photos (the
// workspace keeps the vectors) and lays them out, principal components first; colour the dots
// by label, head, age, split, the run's answer or right/wrong; hover a dot for its photo; draw
// a lasso to see the photos inside and open their persons in the Browser; "More like this"
// lists a photo's nearest neighbours across train and eval. A relabel recolours at once.

#include "embeddingtable.h"
#include "mapcolours.h"
#include "mapphotostrip.h"

#include <QSet>
#include <QWidget>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace masklab {
class SimilarPhotos;
}

namespace masklab::ui {

class LabelSession;
class MapJob;
class MapView;
class ThumbnailCache;

class MapPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MapPanel(ThumbnailCache *thumbnails, QWidget *parent = nullptr);
    ~MapPanel() override;

    // The open dataset (nullptr: none): its labels colour the map, its workspace's runs are
    // offered, and the vectors are kept there.
    void setSession(LabelSession *session);
    void refreshRuns();
    // Embeds and maps the run's photos in the background; false (error) when it cannot start.
    bool startMapping(const QString &runDir, QString *error = nullptr);
    bool isBusy() const;
    void stopAndWait();
    void setColourBy(ColourBy by);
    // The photos most like table row `row`, in the strip and ringed on the map.
    void showLike(int row);
    // The same from another tab (a photo's path). Before the first map, maps the chosen run
    // first; false (and says why) when there is no run to map or the photo is not on the map.
    bool showLikePath(const QString &absolutePath);

    // The photos on the map (nothing before the first map): row i is the map's point i.
    const EmbeddingTable *table() const { return m_table.get(); }

signals:
    void personsRequested(const QSet<QString> &folders, const QString &name);
    void evalImagesRequested(const QSet<QString> &imageIds, const QString &name);
    void mapReady();

private:
    QWidget *buildTopBar();
    void startFromChooser();
    void onProgress();
    void onPreview();
    void onFinished();
    void recolour();
    void onSelectionChanged();
    void onHovered(int row);
    void onContext(int row, const QPoint &globalPosition);
    void showSelectedInBrowser();
    void showSelectedInEval();
    void showInStrip(const std::vector<int> &rows, const std::vector<StripPhoto> &photos,
                     const QString &title);
    void showLikeOfPicked();
    void clearMap(); // before another map, or another dataset
    void loadSuspectScores();
    bool isRow(int row) const { return m_table && row >= 0 && row < m_table->size(); }
    QString labelText(int row) const; // the label in effect now, or "eval photo"
    QString photoText(int row) const; // where, the label and the run's answer
    QString absolutePath(int row) const;

    ThumbnailCache *m_thumbnails;
    LabelSession *m_session = nullptr;
    MapJob *m_job;
    QComboBox *m_runs;
    QCheckBox *m_eval;
    QPushButton *m_map;
    QComboBox *m_colourBy;
    QLabel *m_status;
    MapView *m_view;
    QListWidget *m_legend;
    MapPhotoStrip *m_strip;
    QLabel *m_stripTitle;
    QPushButton *m_browse;
    QPushButton *m_showEval;
    QPushButton *m_like;
    QLabel *m_hover; // the hovered photo, floating beside the pointer
    int m_hoveredRow = -1;
    QString m_pendingLike;    // a photo to show "more like" once the map is ready
    std::vector<int> m_shown; // the rows the strip stands for (a selection, or a like list)
    QString m_mappedRun;      // the run whose features the map shows
    std::shared_ptr<const EmbeddingTable> m_table; // what the map shows
    std::unique_ptr<SimilarPhotos> m_similar;      // over m_table, made at the first use
    int m_generation = -1;               // the job generation whose map this tab shows (-1: none)
    std::vector<int> m_persons;          // per table row, the session's person index (-1: eval)
    std::vector<double> m_suspectScores; // per table row (-1: none); empty: no finder run
    QString m_datasetRoot;
};

} // namespace masklab::ui
