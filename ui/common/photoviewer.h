#pragma once
// Full-resolution view of one photo with zoom / fit, stepping through the photos of a view's
// model with the arrow keys, with a caption under the photo. What the photo is, what the caption
// says and where the arrows go come from a PhotoSource: by default the browser's person grid
// (Left/Right: photo, Up/Down: person, in the browser's current order).

#include <QDialog>
#include <QPersistentModelIndex>

#include <memory>

class QLabel;
class QScrollArea;

namespace masklab::ui {

class ExplainBar;

// What the viewer needs to know of a model's photos.
class PhotoSource
{
public:
    virtual ~PhotoSource() = default;
    // False for an index that is no photo (the grid's person column).
    virtual bool isPhoto(const QModelIndex &index) const = 0;
    virtual QString path(const QModelIndex &index) const = 0;
    virtual QString caption(const QModelIndex &index) const = 0; // rich text
    // The photo the arrow keys lead to; invalid: none.
    virtual QModelIndex neighbour(const QModelIndex &index, int rows, int columns) const = 0;
    virtual QString keysHelp() const = 0; // what the arrow keys do
};

class PhotoViewer : public QDialog
{
    Q_OBJECT
public:
    // source: null for the browser's person grid (PersonTableModel, or a proxy of it).
    explicit PhotoViewer(QWidget *parent = nullptr, std::unique_ptr<PhotoSource> source = {});
    ~PhotoViewer() override;

    void showIndex(const QModelIndex &index);
    QModelIndex currentIndex() const { return m_index; }
    double zoom() const { return m_fit ? 0.0 : m_zoom; } // 0: fit to window
    QString infoText() const;
    ExplainBar *explainBar() const { return m_explain; }
    void refreshCaption(); // the source's caption changed (new predictions, say)

signals:
    void currentChanged(const QModelIndex &index);
    // L or the button: the photos most like this one, in the Map tab.
    void moreLikeRequested(const QString &path);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void step(int rows, int columns);
    void requestMoreLike();
    void setZoom(double zoom, bool fit);
    void render();

    std::unique_ptr<PhotoSource> m_source;
    QPersistentModelIndex m_index;
    QScrollArea *m_scroll;
    QLabel *m_image;
    QLabel *m_info;
    ExplainBar *m_explain;
    QImage m_full;
    double m_zoom = 1.0;
    bool m_fit = true;
};

} // namespace masklab::ui
