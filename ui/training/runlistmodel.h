#pragma once
// The workspace's training runs as a table: name, start, model, status, best macro F1 and its
// epoch, epochs done, duration. Refreshed from the run folders on demand (the panel does so
// when a run starts, ends or an epoch of a followed run arrives); a running run's duration
// ticks every second, the same figure as the Training tab's "elapsed".

#include "runrecord.h"

#include <QAbstractTableModel>

#include <vector>

class QTimer;

namespace masklab::ui {

class RunListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Name,
        Started,
        Model,
        Status,
        BestF1,
        BestEpoch,
        Epochs,
        Duration,
        ColumnCount
    };

    explicit RunListModel(QObject *parent = nullptr);

    void setWorkspace(const QString &workspace);
    QString workspace() const { return m_workspace; }
    void refresh();
    // The run this process is training: shown as running whatever its files say.
    void setActiveRun(const QString &runDir);
    const RunSummary &run(int row) const { return m_runs[size_t(row)]; }
    int rowOf(const QString &runDir) const;
    // What the status column says: a "running" run whose process is gone and whose files have
    // not changed for a while is "interrupted".
    QString statusText(const RunSummary &run) const;
    // The run's own time (RunStatus::secondsAt): until now while it runs, until its last
    // write when it was interrupted.
    double durationOf(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void tick();

    QTimer *m_tick;
    QString m_workspace;
    QString m_activeRun;
    std::vector<RunSummary> m_runs; // by start time
    QStringList m_statusTexts;      // statusText of each run, as of the last refresh
};

} // namespace masklab::ui
