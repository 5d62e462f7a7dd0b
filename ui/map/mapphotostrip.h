#pragma once
// Beside the map: the photos of a lasso selection, or the photos most like one photo, as
// thumbnails with their label, split and (for "more like this") similarity.

#include <QListWidget>

namespace masklab::ui {

class ThumbnailCache;

struct StripPhoto
{
    int row = -1; // in the embeddings table
    QString path; // absolute, for the thumbnail
    QString text; // under the thumbnail
    QString toolTip;
};

class MapPhotoStrip : public QListWidget
{
    Q_OBJECT
public:
    explicit MapPhotoStrip(ThumbnailCache *thumbnails, QWidget *parent = nullptr);

    void showPhotos(const std::vector<StripPhoto> &photos);
    int rowAt(int item) const; // the table row of a shown photo

    static constexpr int kMostShown = 300; // a larger selection shows its first 300

private:
    void refreshIcons();

    ThumbnailCache *m_thumbnails;
    std::vector<StripPhoto> m_photos;
};

} // namespace masklab::ui
