#pragma once
// Full-resolution view of one photo with zoom / fit, stepping through photos (Left/Right) and
// persons (Up/Down) in the browser's current order, with the photo's labels and path.

#include <QDialog>
#include <QPersistentModelIndex>

class QLabel;
class QScrollArea;

namespace masklab::ui {

class PhotoViewer : public QDialog
{
    Q_OBJECT
public:
    explicit PhotoViewer(QWidget *parent = nullptr);

    // index: a photo cell of the browser's (proxy) model.
    void showIndex(const QModelIndex &index);
    QModelIndex currentIndex() const { return m_index; }
    double zoom() const { return m_fit ? 0.0 : m_zoom; } // 0: fit to window
    QString infoText() const;

signals:
    void currentChanged(const QModelIndex &index);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void step(int rows, int columns);
    void setZoom(double zoom, bool fit);
    void render();

    QPersistentModelIndex m_index;
    QScrollArea *m_scroll;
    QLabel *m_image;
    QLabel *m_info;
    QImage m_full;
    double m_zoom = 1.0;
    bool m_fit = true;
};

} // namespace masklab::ui
