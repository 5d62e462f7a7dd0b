#include "runspanel.h"

#include "parallelcoordinates.h"
#include "runtablemodel.h"
#include "sweeprunner.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace masklab::ui {

// Rows that contain the filter text in any cell and lie inside the chart's brushes.
class RunFilterProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setText(const QString &text)
    {
        m_text = text;
        invalidateFilter();
    }
    void setRows(const QSet<int> &rows)
    {
        m_rows = rows;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        if (!m_rows.contains(row))
            return false;
        if (m_text.isEmpty())
            return true;
        for (int c = 0; c < sourceModel()->columnCount(parent); ++c)
            if (sourceModel()
                    ->index(row, c, parent)
                    .data()
                    .toString()
                    .contains(m_text, Qt::CaseInsensitive))
                return true;
        return false;
    }

private:
    QString m_text;
    QSet<int> m_rows;
};

RunsPanel::RunsPanel(QWidget *parent)
    : QWidget(parent), m_model(new RunTableModel(this)), m_proxy(new RunFilterProxy(this)),
      m_sweeps(new QComboBox), m_filter(new QLineEdit), m_table(new QTableView),
      m_chart(new ParallelCoordinates), m_note(new QLabel)
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunTableModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(3, Qt::DescendingOrder); // best F1 first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_filter->setPlaceholderText(tr("Filter: a run, a status or a value"));
    m_filter->setClearButtonEnabled(true);
    auto *refreshButton = new QPushButton(tr("Refresh"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Runs:")));
    bar->addWidget(m_sweeps);
    bar->addWidget(m_filter, 1);
    bar->addWidget(refreshButton);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_table);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_note);
    layout->addWidget(splitter, 1);

    connect(refreshButton, &QPushButton::clicked, this, &RunsPanel::refresh);
    connect(m_sweeps, &QComboBox::activated, this, &RunsPanel::refresh);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setText(text);
        updateNote();
    });
    connect(m_chart, &ParallelCoordinates::brushChanged, this, [this](const QSet<int> &rows) {
        m_proxy->setRows(rows);
        updateNote();
    });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        emit runRequested(index.data(RunTableModel::RunDirRole).toString());
    });
}

void RunsPanel::setWorkspace(const QString &workspace)
{
    m_workspace = workspace;
    if (isVisible())
        refresh();
}

void RunsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void RunsPanel::fillSweepChooser()
{
    const QString chosen = m_sweeps->currentData().toString();
    m_sweeps->clear();
    m_sweeps->addItem(tr("all runs"), QString());
    const QStringList sweeps =
        QDir(m_workspace + QStringLiteral("/sweeps")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : sweeps)
        m_sweeps->addItem(tr("sweep %1").arg(name), name);
    m_sweeps->setCurrentIndex(std::max(0, m_sweeps->findData(chosen)));
}

void RunsPanel::refresh()
{
    fillSweepChooser();
    QStringList dirs;
    std::vector<std::pair<QString, QString>> states;
    const QString sweep = m_sweeps->currentData().toString();
    QString error;
    if (sweep.isEmpty()) {
        dirs = listRunFolders(m_workspace);
    } else if (const auto points =
                   readSweepState(m_workspace + QStringLiteral("/sweeps/") + sweep, &error)) {
        for (const SweepPointState &s : *points) {
            dirs << m_workspace + QStringLiteral("/runs/") + s.run;
            states.emplace_back(s.run, sweepStateName(s.state));
        }
    }
    const RunTable table = compareRuns(dirs, states);
    m_model->setTable(table);
    m_chart->setTable(table);
    QSet<int> all;
    for (int row = 0; row < int(table.rows.size()); ++row)
        all.insert(row);
    m_proxy->setRows(all);
    m_note->setProperty("error", error);
    updateNote();
}

int RunsPanel::shownRows() const
{
    return m_proxy->rowCount();
}

QString RunsPanel::noteText() const
{
    return m_note->text();
}

void RunsPanel::updateNote()
{
    const RunTable &table = m_model->table();
    const QString error = m_note->property("error").toString();
    QString text;
    if (!error.isEmpty())
        text = tr("This sweep's state cannot be read: %1").arg(error);
    else if (table.rows.empty())
        text = tr("No runs yet: train one in the Training tab, or run masklab-cli sweep.");
    else
        text = tr("%1 of %2 runs shown. Keys that differ: %3. Drag along an axis of the chart "
                  "to keep the runs in that range; click the axis to clear it.")
                   .arg(shownRows())
                   .arg(table.rows.size())
                   .arg(table.varyingKeys.isEmpty() ? tr("none")
                                                    : table.varyingKeys.join(QStringLiteral(", ")));
    m_note->setText(text);
}

} // namespace masklab::ui
