#pragma once
// The dataset browser: every person as a row of 7 thumbnails, filters with counts, zoom, the
// person's details, the photo viewer, and relabeling with hotkeys (all through the undo stack).
//   G gender   1/2/3 mask state (worn/incorrect/none)   S swap incorrect_mask<->normal
//   X exclude photo   Enter view photo   Ctrl+wheel or the slider: thumbnail size

#include <QWidget>

class QCheckBox;
class QLabel;
class QSlider;

namespace masklab::ui {

struct AppliedStep;
class FilterBar;
class LabelSession;
class PersonDetails;
class PersonFilterProxy;
class PersonGridView;
class PersonTableModel;
class PhotoViewer;
class ThumbnailCache;

class BrowserPanel : public QWidget
{
    Q_OBJECT
public:
    BrowserPanel(ThumbnailCache *thumbnails, QWidget *parent = nullptr);
    ~BrowserPanel() override;

    void setSession(LabelSession *session);

    PersonGridView *view() const { return m_view; }
    FilterBar *filterBar() const { return m_filters; }
    PersonTableModel *model() const { return m_model; }
    PersonFilterProxy *proxy() const { return m_proxy; }
    PersonDetails *details() const { return m_details; }
    QSlider *zoomSlider() const { return m_zoom; }
    QCheckBox *autoAdvanceCheck() const { return m_autoAdvance; }
    PhotoViewer *photoViewer();

    // The relabel actions behind the hotkeys, on the current selection.
    void toggleGender();
    void setMaskState(int mask);
    void swapIncorrectNormal();
    void toggleExcluded();
    void openViewer();
    // Selects a person (and photo; -1: keeps the column) and scrolls to it, shown even when it
    // does not match the filter.
    void showPerson(int person, int slot = -1);

signals:
    // The photo viewer's More like this.
    void moreLikeRequested(const QString &path);

private:
    QList<int> selectedPersons() const;                // dataset indexes
    QList<std::pair<int, int>> selectedPhotos() const; // (person, slot)
    void setThumbnailHeight(int height);
    void advance();
    void onCurrentChanged(const QModelIndex &current);
    void showFirstMatch();
    void onStepApplied(const AppliedStep &step);

    ThumbnailCache *m_thumbnails;
    PersonTableModel *m_model;
    PersonFilterProxy *m_proxy;
    FilterBar *m_filters;
    PersonGridView *m_view;
    PersonDetails *m_details;
    QSlider *m_zoom;
    QCheckBox *m_autoAdvance;
    QLabel *m_hint;
    PhotoViewer *m_viewer = nullptr;
    LabelSession *m_session = nullptr;
};

} // namespace masklab::ui
