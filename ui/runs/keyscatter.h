#pragma once
// One config key against the best validation macro F1, a dot per run, as Weights & Biases draws
// a sweep's scatter: the key chosen from those that differ among the runs; numbers on a linear
// or, over a wide positive range, log axis; other values as named columns. Clicking a dot
// names its run (pointClicked), so the table can select it.

#include "runtable.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;

namespace masklab::ui {

class KeyScatter : public QWidget
{
    Q_OBJECT
public:
    explicit KeyScatter(QWidget *parent = nullptr);

    void setTable(const RunTable &table); // keeps the chosen key when it still varies
    QComboBox *keyChooser() const { return m_keys; }
    QCustomPlot *plot() const { return m_plot; }
    // Where a run's dot sits (nothing when it has no F1 yet or no value of the key).
    std::optional<QPointF> pointOf(int row) const;
    bool xIsLog() const { return m_log; }

signals:
    void pointClicked(int row);

private:
    void draw();
    void onClick(QMouseEvent *event);

    RunTable m_table;
    QComboBox *m_keys;
    QCustomPlot *m_plot;
    std::vector<std::optional<QPointF>> m_points; // per row
    bool m_log = false;
};

} // namespace masklab::ui
