#pragma once
// "Diff two runs": what two runs reached (status, epochs, best F1 and per-head F1, time) and the
// config keys on which they differ, side by side; "Curves side by side" asks to overlay their
// curves in the Training tab.

#include "runtable.h"

#include <QDialog>

class QTableWidget;

namespace masklab::ui {

class RunDiffDialog : public QDialog
{
    Q_OBJECT
public:
    RunDiffDialog(const RunRow &a, const RunRow &b, QWidget *parent = nullptr);
    QTableWidget *table() const { return m_table; }

signals:
    void curvesRequested(const QString &runA, const QString &runB);

private:
    void addRow(const QString &what, const QString &a, const QString &b, bool key = false);

    QTableWidget *m_table;
};

} // namespace masklab::ui
