#pragma once
// Runs as lines across parallel axes, as Weights & Biases draws a sweep: one axis per config key
// that differs among the runs (numbers on a linear or, over a wide positive range, log scale;
// other values as evenly spaced categories) and a last one for the best validation macro F1,
// which also colours the lines (blue low, orange high). Dragging along an axis brushes an
// interval: only the runs inside every brush stay coloured and brushChanged() names them; a
// click on an axis clears its brush.

#include "runtable.h"

#include <QSet>
#include <QWidget>

#include <optional>

namespace masklab::ui {

class ParallelCoordinates : public QWidget
{
    Q_OBJECT
public:
    explicit ParallelCoordinates(QWidget *parent = nullptr);

    // The runs to draw. Brushes stay where they are on the axes that remain (a sweep's next
    // epoch read again); clearBrushes() forgets them.
    void setTable(const RunTable &table);
    int axisCount() const { return int(m_axes.size()); }
    QString axisName(int axis) const { return m_axes[size_t(axis)].name; }
    bool axisIsLog(int axis) const { return m_axes[size_t(axis)].log; }
    // Where a value of the axis is drawn: x, and y of its bottom (0) and top (1) ends.
    double axisX(int axis) const;
    double axisY(double position) const;
    // The rows inside every brush (all rows when nothing is brushed).
    QSet<int> brushedRows() const;
    void clearBrushes();

    QSize sizeHint() const override { return {700, 260}; }

signals:
    void brushChanged(const QSet<int> &rows);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    struct Axis
    {
        QString name;
        bool log = false;
        QString lowText, highText;
        std::vector<double> position; // per row, 0 (bottom) to 1 (top); < 0: no value
        std::optional<std::pair<double, double>> brush; // low, high positions
    };
    static Axis numberAxis(const QString &name, const std::vector<double> &values, bool mayBeLog);
    static Axis categoryAxis(const QString &name, const QStringList &values);
    void paintAxis(QPainter &painter, int axis) const;
    void paintLines(QPainter &painter) const;
    int axisAt(double x) const; // -1: none near
    double positionAt(double y) const;

    std::vector<Axis> m_axes;
    std::vector<double> m_f1;
    int m_dragAxis = -1;
    double m_dragFrom = 0;
    bool m_dragged = false;
};

} // namespace masklab::ui
