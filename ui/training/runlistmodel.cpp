#include "runlistmodel.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>

namespace masklab::ui {

RunListModel::RunListModel(QObject *parent) : QAbstractTableModel(parent), m_tick(new QTimer(this))
{
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &RunListModel::tick);
}

void RunListModel::tick()
{
    for (int row = 0; row < rowCount(); ++row)
        if (m_statusTexts.value(row) == tr("running"))
            emit dataChanged(index(row, Duration), index(row, Duration), {Qt::DisplayRole});
}

double RunListModel::durationOf(int row) const
{
    return runDuration(m_runs[size_t(row)], m_statusTexts.value(row) == tr("running"));
}

void RunListModel::setWorkspace(const QString &workspace)
{
    m_workspace = workspace;
    refresh();
}

void RunListModel::setActiveRun(const QString &runDir)
{
    m_activeRun = runDir.isEmpty() ? QString() : QDir(runDir).absolutePath();
    refresh();
}

void RunListModel::refresh()
{
    beginResetModel();
    m_runs.clear();
    if (!m_workspace.isEmpty()) {
        for (const QString &dir : listRunFolders(m_workspace))
            m_runs.push_back(summarizeRun(dir));
    }
    std::stable_sort(m_runs.begin(), m_runs.end(), [](const RunSummary &a, const RunSummary &b) {
        return a.status.started < b.status.started;
    });
    m_statusTexts.clear(); // once here, not on every paint (it looks at files and processes)
    for (const RunSummary &run : m_runs)
        m_statusTexts << statusText(run);
    endResetModel();
    if (m_statusTexts.contains(tr("running")))
        m_tick->start();
    else
        m_tick->stop();
}

int RunListModel::rowOf(const QString &runDir) const
{
    const QString wanted = QDir(runDir).absolutePath();
    for (size_t i = 0; i < m_runs.size(); ++i) {
        if (QDir(m_runs[i].dir).absolutePath() == wanted)
            return int(i);
    }
    return -1;
}

QString RunListModel::statusText(const RunSummary &run) const
{
    if (!m_activeRun.isEmpty() && QDir(run.dir).absolutePath() == m_activeRun)
        return tr("running");
    return runStatusText(run);
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const RunSummary &r = m_runs[size_t(index.row())];
    if (role == Qt::ToolTipRole)
        return r.status.message.isEmpty() ? r.dir : r.dir + u'\n' + r.status.message;
    if (role == Qt::UserRole)
        return r.dir;
    if (role == Qt::TextAlignmentRole && index.column() >= BestF1)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return r.name;
    case Started:
        return r.status.started.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case Model:
        return r.model;
    case Status:
        return m_statusTexts.value(index.row());
    case BestF1:
        return r.bestEpoch ? QString::number(r.bestMacroF1, 'f', 4) : QString();
    case BestEpoch:
        return r.bestEpoch ? QString::number(r.bestEpoch) : QString();
    case Epochs:
        return QStringLiteral("%1/%2").arg(r.epochsDone).arg(r.epochsPlanned);
    case Duration:
        return formatDuration(durationOf(index.row()));
    default:
        return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *names[] = {"Run",     "Started",    "Model",  "Status",
                                  "Best F1", "Best epoch", "Epochs", "Duration"};
    return tr(names[section]);
}

} // namespace masklab::ui
