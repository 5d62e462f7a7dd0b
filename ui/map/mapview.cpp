#include "mapview.h"

#include <QElapsedTimer>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace masklab::ui {

namespace {
constexpr double kDot = 4.0;       // pixels
constexpr double kHoverRadius = 6; // pixels
constexpr double kMargin = 12;     // pixels around the fitted points
} // namespace

MapView::MapView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(300, 240);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void MapView::setPoints(const std::vector<float> &xy)
{
    m_points.resize(xy.size() / 2);
    for (size_t i = 0; i < m_points.size(); ++i)
        m_points[i] = QPointF(xy[i * 2], xy[i * 2 + 1]);
    m_group.assign(m_points.size(), 0);
    m_marked.clear();
    if (m_hovered >= 0) {
        m_hovered = -1;
        emit hovered(-1);
    }
    if (!m_selection.empty()) // its rows were the old points'
        setSelection({});
    fitView();
}

void MapView::movePoints(const std::vector<float> &xy)
{
    if (xy.size() != m_points.size() * 2)
        return setPoints(xy);
    for (size_t i = 0; i < m_points.size(); ++i)
        m_points[i] = QPointF(xy[i * 2], xy[i * 2 + 1]);
    fitView();
}

void MapView::setColours(const std::vector<int> &group, const std::vector<QColor> &colours)
{
    m_group = group;
    m_colours = colours;
    m_hidden.assign(colours.size(), false); // a new colouring shows every group, as its legend
    update();
}

void MapView::setGroupHidden(int group, bool hidden)
{
    if (group >= 0 && size_t(group) < m_hidden.size())
        m_hidden[size_t(group)] = hidden;
    update();
}

void MapView::setSelection(const std::vector<int> &points)
{
    m_selection = points;
    update();
    emit selectionChanged();
}

void MapView::setMarked(const std::vector<int> &points)
{
    m_marked = points;
    update();
}

void MapView::fitView()
{
    if (m_points.empty())
        return update();
    double left = INFINITY, right = -INFINITY, top = -INFINITY, bottom = INFINITY;
    for (const QPointF &p : m_points) {
        left = std::min(left, p.x());
        right = std::max(right, p.x());
        bottom = std::min(bottom, p.y());
        top = std::max(top, p.y());
    }
    m_centre = QPointF((left + right) / 2, (top + bottom) / 2);
    const double w = std::max(right - left, 1e-9), h = std::max(top - bottom, 1e-9);
    m_scale = std::max(1e-9, std::min((width() - 2 * kMargin) / w, (height() - 2 * kMargin) / h));
    m_fitScale = m_scale;
    update();
}

QPointF MapView::widgetPosition(int point) const
{
    const QPointF d = m_points[size_t(point)] - m_centre;
    return QPointF(width() / 2.0 + d.x() * m_scale, height() / 2.0 - d.y() * m_scale);
}

bool MapView::isDrawn(int point) const
{
    const int g = m_group[size_t(point)];
    return g < 0 || size_t(g) >= m_hidden.size() || !m_hidden[size_t(g)];
}

int MapView::pointAt(const QPointF &position) const
{
    int best = -1;
    double bestDistance = kHoverRadius * kHoverRadius;
    for (int i = 0; i < pointCount(); ++i) {
        if (!isDrawn(i))
            continue;
        const QPointF d = widgetPosition(i) - position;
        const double distance = d.x() * d.x() + d.y() * d.y();
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

std::vector<int> MapView::pointsInside(const QPolygonF &polygon) const
{
    std::vector<int> inside;
    const QRectF bounds = polygon.boundingRect();
    for (int i = 0; i < pointCount(); ++i) {
        const QPointF p = widgetPosition(i);
        if (isDrawn(i) && bounds.contains(p) && polygon.containsPoint(p, Qt::OddEvenFill))
            inside.push_back(i);
    }
    return inside;
}

void MapView::paintEvent(QPaintEvent *)
{
    QElapsedTimer clock;
    clock.start();
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    // One pass per colour: a few thousand points per drawPoints call.
    std::vector<std::vector<QPointF>> byGroup(m_colours.size() + 1);
    const QRectF visible = QRectF(rect()).adjusted(-kDot, -kDot, kDot, kDot);
    for (int i = 0; i < pointCount(); ++i) {
        if (!isDrawn(i))
            continue;
        const QPointF p = widgetPosition(i);
        if (!visible.contains(p))
            continue;
        const int g = m_group[size_t(i)];
        byGroup[g >= 0 && size_t(g) < m_colours.size() ? size_t(g) : m_colours.size()].push_back(p);
    }
    for (size_t g = 0; g < byGroup.size(); ++g) {
        painter.setPen(QPen(g < m_colours.size() ? m_colours[g] : QColor(Qt::gray), kDot,
                            Qt::SolidLine, Qt::SquareCap));
        painter.drawPoints(byGroup[g].data(), int(byGroup[g].size()));
    }
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(0, 0, 0, 110), 1)); // dense selections keep their colours
    for (int i : m_selection)
        painter.drawEllipse(widgetPosition(i), kDot, kDot);
    painter.setPen(QPen(QColor(0xff, 0x6f, 0x00), 2));
    for (int i : m_marked)
        painter.drawEllipse(widgetPosition(i), kDot + 3, kDot + 3);
    if (m_hovered >= 0) {
        painter.setPen(QPen(palette().text().color(), 2));
        painter.drawEllipse(widgetPosition(m_hovered), kDot + 2, kDot + 2);
    }
    if (!m_lasso.isEmpty()) {
        painter.setPen(QPen(palette().highlight().color(), 1.5, Qt::DashLine));
        painter.setBrush(QColor(palette().highlight().color().red(),
                                palette().highlight().color().green(),
                                palette().highlight().color().blue(), 40));
        painter.drawPolygon(m_lasso);
    }
    m_lastPaintMs = clock.nsecsElapsed() / 1e6;
}

void MapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_lasso = QPolygonF({event->position()});
        if (m_hovered >= 0) { // the photo card would cover the lasso
            m_hovered = -1;
            emit hovered(-1);
        }
    } else if (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton) {
        m_panning = true;
        m_dragFrom = event->position();
    }
}

void MapView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_lasso.isEmpty()) {
        m_lasso << event->position();
        update();
    } else if (m_panning) {
        const QPointF moved = event->position() - m_dragFrom;
        m_dragFrom = event->position();
        m_centre -= QPointF(moved.x() / m_scale, -moved.y() / m_scale);
        update();
    } else {
        hoverAt(event->position());
    }
}

void MapView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_lasso.isEmpty()) {
        const QPolygonF lasso = m_lasso;
        m_lasso.clear();
        // A click without a drag selects the photo under the pointer, or nothing.
        if (lasso.boundingRect().width() < 3 && lasso.boundingRect().height() < 3) {
            const int point = pointAt(event->position());
            setSelection(point >= 0 ? std::vector<int>{point} : std::vector<int>{});
        } else {
            setSelection(pointsInside(lasso));
        }
    } else if (m_panning) {
        const bool clicked = (event->position() - m_dragFrom).manhattanLength() < 3;
        m_panning = false;
        if (clicked && event->button() == Qt::RightButton)
            emit contextRequested(pointAt(event->position()), event->globalPosition().toPoint());
    }
}

void MapView::wheelEvent(QWheelEvent *event)
{
    const double factor = std::pow(1.0015, event->angleDelta().y());
    const QPointF at = event->position();
    // Keep the data point under the pointer where it is.
    const QPointF before = m_centre + QPointF((at.x() - width() / 2.0) / m_scale,
                                              -(at.y() - height() / 2.0) / m_scale);
    // From a quarter of the whole map to a few dots: never lost in empty space.
    m_scale = std::clamp(m_scale * factor, m_fitScale / 4, m_fitScale * 400);
    const QPointF after = m_centre + QPointF((at.x() - width() / 2.0) / m_scale,
                                             -(at.y() - height() / 2.0) / m_scale);
    m_centre += before - after;
    update();
}

void MapView::resizeEvent(QResizeEvent *)
{
    fitView();
}

void MapView::leaveEvent(QEvent *)
{
    if (m_hovered >= 0) {
        m_hovered = -1;
        update();
        emit hovered(-1);
    }
}

void MapView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && !m_selection.empty())
        setSelection({});
    else if (event->key() == Qt::Key_Home)
        fitView();
    else
        QWidget::keyPressEvent(event);
}

void MapView::hoverAt(const QPointF &position)
{
    const int point = pointAt(position);
    if (point == m_hovered)
        return;
    m_hovered = point;
    update();
    emit hovered(point);
}

} // namespace masklab::ui
