#pragma once
// One suspect up close: the person's row of 7 photos, the photos concerned framed, each with
// the model's out-of-fold probabilities for the head in question drawn as bars under it (the
// given class marked), and the suggested fix in words. A duplicate shows the other copy.

#include "suspect.h"

#include <QHash>
#include <QImage>
#include <QWidget>

namespace masklab::ui {

class LabelSession;
class ThumbnailCache;

class SuspectView : public QWidget
{
    Q_OBJECT
public:
    SuspectView(ThumbnailCache *thumbnails, QWidget *parent = nullptr);

    void setSession(LabelSession *session) { m_session = session; }
    // Nothing: an empty view with a hint.
    void setSuspect(const std::optional<finder::Suspect> &suspect);
    // Photo path -> the photo with Grad-CAM's heat over it, drawn instead of its thumbnail.
    void setOverlays(const QHash<QString, QImage> &overlays);
    // The photos the view shows for the suspect (the other copy of a duplicate too).
    QStringList photoPaths() const;
    // "Suggested: female (all 7 photos)", for the view's header and tests.
    QString fixText() const;

    QSize sizeHint() const override { return {7 * 128 + 16, 420}; }
    // Where each photo of the shown suspect is drawn, in the view's pixels.
    std::vector<QRect> photoRects() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString goneText() const;       // the person left the dataset
    QString photosGoneText() const; // the photos the suspect is about did
    struct Cell
    {
        QString path;      // the photo (or the other copy of a duplicate)
        QString caption;   // "mask1: mask", "other copy"
        int evidence = -1; // index into the suspect's evidence, -1 for none
        bool concerned = false;
        QString given; // the photo's label now, for the head the evidence is about
    };
    std::vector<Cell> cells() const;
    QRect fixRect() const;                      // the suggested fix, under the heading
    QRect cellRect(int index, int count) const; // a photo with its caption and bars
    QRect photoRectIn(const QRect &cell, const Cell &c) const;
    void paintCell(QPainter &p, const QRect &rect, const Cell &cell) const;
    void paintBars(QPainter &p, const QRect &rect, const finder::PhotoEvidence &evidence,
                   const QString &given) const;

    ThumbnailCache *m_thumbnails;
    LabelSession *m_session = nullptr;
    std::optional<finder::Suspect> m_suspect;
    QHash<QString, QImage> m_overlays;
};

} // namespace masklab::ui
