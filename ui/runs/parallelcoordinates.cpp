#include "parallelcoordinates.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace masklab::ui {

namespace {

constexpr double kMarginX = 60, kTop = 34, kBottom = 30;

// Blue for the lowest F1 through green to orange for the highest.
QColor lineColor(double share)
{
    return QColor::fromHsvF(float(0.62 - 0.54 * std::clamp(share, 0.0, 1.0)), 0.85f, 0.85f);
}

QString shortName(const QString &key)
{
    return key.section(u'.', -1);
}

} // namespace

ParallelCoordinates::ParallelCoordinates(QWidget *parent) : QWidget(parent)
{
    setMinimumHeight(200);
    setMouseTracking(false);
}

ParallelCoordinates::Axis ParallelCoordinates::numberAxis(const QString &name,
                                                          const std::vector<double> &values,
                                                          bool mayBeLog)
{
    Axis axis;
    axis.name = name;
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values)
        if (!std::isnan(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    // A positive range over more than 20x (learning rates, weight decays) reads better in log.
    axis.log = mayBeLog && lo > 0 && hi / lo > 20;
    const auto scaled = [&](double v) { return axis.log ? std::log(v) : v; };
    const double span = scaled(hi) - scaled(lo);
    for (double v : values)
        axis.position.push_back(std::isnan(v) ? -1
                                : span > 0    ? (scaled(v) - scaled(lo)) / span
                                              : 0.5);
    axis.lowText = QString::number(lo, 'g', 4);
    axis.highText = QString::number(hi, 'g', 4);
    return axis;
}

ParallelCoordinates::Axis ParallelCoordinates::categoryAxis(const QString &name,
                                                            const QStringList &values)
{
    Axis axis;
    axis.name = name;
    QStringList categories;
    for (const QString &v : values)
        if (!categories.contains(v))
            categories << v;
    categories.sort();
    for (const QString &v : values)
        axis.position.push_back(categories.size() < 2 ? 0.5
                                                      : double(categories.indexOf(v)) /
                                                            double(categories.size() - 1));
    axis.lowText = categories.value(0);
    axis.highText = categories.size() > 1 ? categories.back() : QString();
    return axis;
}

void ParallelCoordinates::setTable(const RunTable &table)
{
    // The same runs read again (a sweep's next epoch): the brushes of the axes that remain stay.
    std::vector<std::pair<QString, std::pair<double, double>>> brushes;
    for (const Axis &axis : m_axes)
        if (axis.brush)
            brushes.emplace_back(axis.name, *axis.brush);
    m_axes.clear();
    m_f1.clear();
    const int fixed = int(RunTable::fixedColumns().size());
    const QStringList columns = table.columns();
    for (int c = fixed; c <= int(columns.size()); ++c) {
        const int column = c < int(columns.size()) ? c : 3; // the last axis: best F1
        QStringList texts;
        std::vector<double> numbers;
        bool allNumbers = true;
        for (int row = 0; row < int(table.rows.size()); ++row) {
            const QString text = table.cell(row, column);
            bool number = false;
            const double value = text.toDouble(&number);
            allNumbers = allNumbers && (number || text.isEmpty());
            numbers.push_back(number ? value : NAN);
            texts << text;
        }
        const bool isKey = c < int(columns.size()); // F1 stays linear: it is the outcome
        const QString name = isKey ? columns[c] : QStringLiteral("best F1");
        m_axes.push_back(allNumbers ? numberAxis(name, numbers, isKey) : categoryAxis(name, texts));
    }
    for (int row = 0; row < int(table.rows.size()); ++row)
        m_f1.push_back(m_axes.back().position[size_t(row)]);
    for (Axis &axis : m_axes)
        for (const auto &[name, brush] : brushes)
            if (axis.name == name)
                axis.brush = brush;
    update();
}

double ParallelCoordinates::axisX(int axis) const
{
    if (m_axes.size() < 2)
        return width() / 2.0;
    return kMarginX + (width() - 2 * kMarginX) * axis / double(m_axes.size() - 1);
}

double ParallelCoordinates::axisY(double position) const
{
    return height() - kBottom - position * (height() - kBottom - kTop);
}

double ParallelCoordinates::positionAt(double y) const
{
    return std::clamp((height() - kBottom - y) / (height() - kBottom - kTop), 0.0, 1.0);
}

int ParallelCoordinates::axisAt(double x) const
{
    if (m_axes.size() < 2) // only the placeholder is drawn
        return -1;
    for (int a = 0; a < axisCount(); ++a)
        if (std::abs(axisX(a) - x) <= 14)
            return a;
    return -1;
}

QSet<int> ParallelCoordinates::brushedRows() const
{
    QSet<int> rows;
    for (int row = 0; row < int(m_f1.size()); ++row) {
        bool inside = true;
        for (const Axis &axis : m_axes)
            if (axis.brush) {
                const double p = axis.position[size_t(row)];
                inside = inside && p >= axis.brush->first && p <= axis.brush->second;
            }
        if (inside)
            rows.insert(row);
    }
    return rows;
}

void ParallelCoordinates::clearBrushes()
{
    for (Axis &axis : m_axes)
        axis.brush.reset();
    update();
    emit brushChanged(brushedRows());
}

void ParallelCoordinates::paintLines(QPainter &painter) const
{
    const QSet<int> brushed = brushedRows();
    for (const bool highlighted : {false, true}) // the brushed runs on top
        for (int row = 0; row < int(m_f1.size()); ++row) {
            if (brushed.contains(row) != highlighted)
                continue;
            QPainterPath path;
            for (int a = 0; a < axisCount(); ++a) {
                const double p = m_axes[size_t(a)].position[size_t(row)];
                const QPointF point(axisX(a), axisY(std::max(0.0, p)));
                a == 0 ? path.moveTo(point) : path.lineTo(point);
            }
            painter.setPen(QPen(highlighted ? lineColor(m_f1[size_t(row)]) : QColor(200, 200, 200),
                                highlighted ? 2.0 : 1.0));
            painter.drawPath(path);
        }
}

void ParallelCoordinates::paintAxis(QPainter &painter, int a) const
{
    const Axis &axis = m_axes[size_t(a)];
    const double x = axisX(a);
    painter.setPen(QPen(palette().color(QPalette::WindowText), 1.5));
    painter.drawLine(QPointF(x, axisY(0)), QPointF(x, axisY(1)));
    if (axis.brush) {
        painter.fillRect(QRectF(x - 6, axisY(axis.brush->second), 12,
                                axisY(axis.brush->first) - axisY(axis.brush->second)),
                         QColor(60, 120, 220, 90));
    }
    const QFontMetrics metrics(font());
    const QString title = shortName(axis.name) + (axis.log ? QStringLiteral(" (log)") : QString());
    painter.drawText(QPointF(x - metrics.horizontalAdvance(title) / 2.0, kTop - 20), title);
    painter.drawText(QPointF(x - metrics.horizontalAdvance(axis.highText) / 2.0, kTop - 5),
                     axis.highText);
    painter.drawText(QPointF(x - metrics.horizontalAdvance(axis.lowText) / 2.0,
                             height() - kBottom + metrics.ascent() + 4),
                     axis.lowText);
}

void ParallelCoordinates::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    if (m_axes.size() < 2 || m_f1.empty()) {
        painter.drawText(rect(), Qt::AlignCenter,
                         tr("Runs whose configs differ are drawn here, one line per run"));
        return;
    }
    paintLines(painter);
    for (int a = 0; a < axisCount(); ++a)
        paintAxis(painter, a);
}

void ParallelCoordinates::mousePressEvent(QMouseEvent *event)
{
    m_dragAxis = axisAt(event->position().x());
    m_dragFrom = positionAt(event->position().y());
    m_dragged = false;
}

void ParallelCoordinates::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragAxis < 0)
        return;
    const double to = positionAt(event->position().y());
    m_dragged = m_dragged || std::abs(to - m_dragFrom) > 0.01;
    if (m_dragged) {
        m_axes[size_t(m_dragAxis)].brush =
            std::make_pair(std::min(m_dragFrom, to), std::max(m_dragFrom, to));
        update();
    }
}

void ParallelCoordinates::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragAxis < 0)
        return;
    mouseMoveEvent(event);
    if (!m_dragged) // a click clears the axis's brush
        m_axes[size_t(m_dragAxis)].brush.reset();
    m_dragAxis = -1;
    update();
    emit brushChanged(brushedRows());
}

} // namespace masklab::ui
