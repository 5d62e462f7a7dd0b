#pragma once
// The Runs tab: a workspace's runs (all, or one sweep's) side by side in a sortable table with
// a column per config key that differs among them, a text filter, and the parallel-coordinates
// chart whose brushes filter the table. Double-clicking a run shows it in the Training tab.
// Beside the chart, a scatter of one key against F1; "Diff two runs" sets two selected runs side
// by side. Read from the run folders when the tab is shown and on Refresh. "Run sweep..." shows a
// sweep file's plan and, when the user agrees, trains it (SweepJob); the table follows its runs.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace masklab::ui {

class KeyScatter;
class ParallelCoordinates;
class RunFilterProxy;
class RunTableModel;
class SweepJob;

class RunsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPanel(QWidget *parent = nullptr);

    void setWorkspace(const QString &workspace);
    void refresh();

    RunTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    ParallelCoordinates *chart() const { return m_chart; }
    KeyScatter *scatter() const { return m_scatter; }
    QPushButton *diffButton() const { return m_diff; }
    // The two selected runs side by side (RunDiffDialog); false unless exactly two are selected.
    bool diffSelected();
    QComboBox *sweepChooser() const { return m_sweeps; }
    QLineEdit *filter() const { return m_filter; }
    QString noteText() const;
    int shownRows() const; // after the filter and the brushes
    // Trains a sweep file without asking (the button asks first); false with why.
    bool startSweep(const QString &sweepFile, QString *error);
    // Shows this sweep's runs, now or as soon as its folder exists.
    void showSweep(const QString &name);
    bool isSweeping() const;
    SweepJob *sweepJob() const { return m_job; }
    QString sweepStatusText() const;

signals:
    void runRequested(const QString &runDir);
    // "Curves side by side" from the diff: show runA with runB overlaid.
    void curvesRequested(const QString &runA, const QString &runB);
    void sweepFinished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void fillSweepChooser();
    void updateNote();
    void chooseSweep();
    void onSweepLine(const QString &line);
    void onSweepFinished(bool ok, bool stopped, const QString &error);

    QString m_workspace;
    QString m_wantedSweep; // showSweep's, until the chooser has it
    RunTableModel *m_model;
    RunFilterProxy *m_proxy;
    QComboBox *m_sweeps;
    QLineEdit *m_filter;
    QTableView *m_table;
    ParallelCoordinates *m_chart;
    KeyScatter *m_scatter;
    QPushButton *m_diff;
    QLabel *m_note;
    SweepJob *m_job;
    QPushButton *m_runSweep;
    QPushButton *m_stopSweep;
    QLabel *m_sweepStatus;
};

} // namespace masklab::ui
