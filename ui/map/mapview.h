#pragma once
// The embeddings map: a dot per photo, coloured by group, with the legend's hidden groups left
// out. The wheel zooms at the pointer, the right (or middle) button drags the view, the left
// button draws a lasso whose photos become the selection, and hovering tells which photo is
// under the pointer. Painting is timed, so the frame time can be measured.

#include <QPolygonF>
#include <QWidget>

#include <vector>

namespace masklab::ui {

class MapView : public QWidget
{
    Q_OBJECT
public:
    explicit MapView(QWidget *parent = nullptr);

    // rows x 2 coordinates; the view fits them.
    void setPoints(const std::vector<float> &xy);
    // New places for the same points (the layout after the preview): colours, selection and
    // rings stay.
    void movePoints(const std::vector<float> &xy);
    // A group per point and a colour per group; points of hidden groups are not drawn.
    void setColours(const std::vector<int> &group, const std::vector<QColor> &colours);
    void setGroupHidden(int group, bool hidden);
    void setSelection(const std::vector<int> &points);
    const std::vector<int> &selection() const { return m_selection; }
    // Ringed: the photo "more like this" started from, and its neighbours.
    void setMarked(const std::vector<int> &points);
    void fitView();

    int pointCount() const { return int(m_points.size()); }
    // The drawn point nearest to a widget position within a few pixels; -1 when none.
    int pointAt(const QPointF &position) const;
    // The drawn points inside a polygon in widget coordinates.
    std::vector<int> pointsInside(const QPolygonF &polygon) const;
    QPointF widgetPosition(int point) const;
    double lastPaintMilliseconds() const { return m_lastPaintMs; }

signals:
    void hovered(int point); // -1 when the pointer leaves every point
    void selectionChanged();
    void contextRequested(int point, const QPoint &globalPosition);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    bool isDrawn(int point) const;
    void hoverAt(const QPointF &position);

    std::vector<QPointF> m_points; // data coordinates
    std::vector<int> m_group;
    std::vector<QColor> m_colours;
    std::vector<bool> m_hidden; // per group
    std::vector<int> m_selection;
    std::vector<int> m_marked;
    QPointF m_centre;        // data point at the widget's centre
    double m_scale = 1.0;    // pixels per data unit
    double m_fitScale = 1.0; // the scale that fits all points: zoom stays within reach of it
    QPolygonF m_lasso;       // widget coordinates, while drawing
    QPointF m_dragFrom;      // while panning
    bool m_panning = false;
    int m_hovered = -1;
    double m_lastPaintMs = 0;
};

} // namespace masklab::ui
