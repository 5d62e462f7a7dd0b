#include "runspanel.h"

#include "keyscatter.h"
#include "parallelcoordinates.h"
#include "rundiffdialog.h"
#include "runtablemodel.h"
#include "sweepjob.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
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
      m_chart(new ParallelCoordinates), m_scatter(new KeyScatter),
      m_diff(new QPushButton(tr("Diff two runs"))), m_note(new QLabel), m_job(new SweepJob(this)),
      m_runSweep(new QPushButton(tr("Run sweep..."))),
      m_stopSweep(new QPushButton(tr("Stop sweep"))), m_sweepStatus(new QLabel)
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
    m_sweeps->setSizeAdjustPolicy(QComboBox::AdjustToContents); // "sweep lr-width" in full
    bar->addWidget(m_sweeps);
    bar->addWidget(m_filter, 1);
    bar->addWidget(refreshButton);
    bar->addWidget(m_diff);
    bar->addWidget(m_runSweep);
    bar->addWidget(m_stopSweep);
    m_stopSweep->setEnabled(false);
    m_runSweep->setObjectName(QStringLiteral("runSweep"));
    m_stopSweep->setObjectName(QStringLiteral("stopSweep"));
    m_sweepStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sweepStatus->hide(); // until a sweep runs
    auto *splitter = new QSplitter(Qt::Vertical);
    auto *charts = new QTabWidget;
    charts->addTab(m_chart, tr("Parallel coordinates"));
    charts->addTab(m_scatter, tr("Key against F1"));
    splitter->addWidget(m_table);
    splitter->addWidget(charts);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_note);
    layout->addWidget(m_sweepStatus);
    layout->addWidget(splitter, 1);

    connect(refreshButton, &QPushButton::clicked, this, &RunsPanel::refresh);
    connect(m_runSweep, &QPushButton::clicked, this, &RunsPanel::chooseSweep);
    connect(m_stopSweep, &QPushButton::clicked, m_job, &SweepJob::stop);
    connect(m_job, &SweepJob::logLine, this, &RunsPanel::onSweepLine);
    connect(m_job, &SweepJob::finished, this, &RunsPanel::onSweepFinished);
    connect(m_sweeps, &QComboBox::activated, this, [this] {
        m_chart->clearBrushes(); // other runs: the brushes were for those shown before
        refresh();
    });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setText(text);
        updateNote();
    });
    connect(m_chart, &ParallelCoordinates::brushChanged, this, [this](const QSet<int> &rows) {
        m_proxy->setRows(rows);
        updateNote();
    });
    m_diff->setObjectName(QStringLiteral("diffRuns"));
    m_diff->setToolTip(tr("Select two runs in the table to set them side by side"));
    m_diff->setEnabled(false);
    connect(m_diff, &QPushButton::clicked, this, &RunsPanel::diffSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_diff->setEnabled(m_table->selectionModel()->selectedRows().size() == 2); });
    connect(m_scatter, &KeyScatter::pointClicked, this, [this](int row) {
        m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
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
    const int wanted = m_wantedSweep.isEmpty() ? -1 : m_sweeps->findData(m_wantedSweep);
    if (wanted >= 0)
        m_wantedSweep.clear();
    m_sweeps->setCurrentIndex(wanted >= 0 ? wanted : std::max(0, m_sweeps->findData(chosen)));
}

void RunsPanel::showSweep(const QString &name)
{
    m_wantedSweep = name;
    m_chart->clearBrushes();
    refresh();
}

void RunsPanel::refresh()
{
    fillSweepChooser();
    const QString sweep = m_sweeps->currentData().toString();
    QString error;
    const RunTable table = sweep.isEmpty()
                               ? compareRuns(listRunFolders(m_workspace))
                               : compareSweepRuns(m_workspace, sweep, &error).value_or(RunTable{});
    m_model->setTable(table);
    m_chart->setTable(table);
    m_scatter->setTable(table);
    m_diff->setEnabled(m_table->selectionModel()->selectedRows().size() == 2); // reset clears it
    m_proxy->setRows(m_chart->brushedRows()); // all rows, or those in the brushes kept
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

bool RunsPanel::diffSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 2)
        return false;
    const RunRow &a = m_model->table().rows[size_t(m_proxy->mapToSource(rows[0]).row())];
    const RunRow &b = m_model->table().rows[size_t(m_proxy->mapToSource(rows[1]).row())];
    auto *dialog = new RunDiffDialog(a, b, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RunDiffDialog::curvesRequested, this, &RunsPanel::curvesRequested);
    dialog->show();
    return true;
}

bool RunsPanel::isSweeping() const
{
    return m_job->isRunning();
}

QString RunsPanel::sweepStatusText() const
{
    return m_sweepStatus->text();
}

// The file, then its plan (points and epochs) to agree to: nothing trains before that.
void RunsPanel::chooseSweep()
{
    // The folder that holds the dataset and its workspace, where sweep files usually sit.
    const QString folder = QFileInfo(m_workspace).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Run a sweep"), folder,
                                                      tr("Sweep files (*.yaml *.yml)"));
    if (file.isEmpty())
        return;
    QString plan, error;
    if (!SweepJob::plan(file, &plan, &error)) {
        QMessageBox::warning(this, tr("Run a sweep"), error);
        return;
    }
    const QStringList lines = plan.split(u'\n');
    const QString summary = lines.front() + u'\n' + lines.back();
    if (QMessageBox::question(this, tr("Run a sweep"),
                              tr("%1\n\nStart it now? Each point trains as masklab-cli train; "
                                 "Stop sweep stops after the current batch, and the same sweep "
                                 "started again goes on from there.")
                                  .arg(summary)) != QMessageBox::Yes)
        return;
    if (!startSweep(file, &error))
        QMessageBox::warning(this, tr("Run a sweep"), error);
}

bool RunsPanel::startSweep(const QString &sweepFile, QString *error)
{
    if (!m_job->start(sweepFile, error))
        return false;
    m_runSweep->setEnabled(false);
    m_stopSweep->setEnabled(true);
    m_sweepStatus->setText(tr("Sweep started: %1").arg(sweepFile));
    m_sweepStatus->show();
    return true;
}

// Each stretch that ends and each rung's decision changes the table.
void RunsPanel::onSweepLine(const QString &line)
{
    m_sweepStatus->setText(line);
    if (line.contains(QLatin1String(" done, best ")) || line.startsWith(QLatin1String("rung ")))
        refresh();
}

void RunsPanel::onSweepFinished(bool ok, bool stopped, const QString &error)
{
    m_runSweep->setEnabled(true);
    m_stopSweep->setEnabled(false);
    m_sweepStatus->setText(!ok       ? tr("The sweep failed: %1").arg(error)
                           : stopped ? tr("Sweep stopped; Run sweep with the same file goes on "
                                          "from here.")
                                     : tr("Sweep finished: %1").arg(m_job->sweepFile()));
    refresh();
    emit sweepFinished();
}

} // namespace masklab::ui
