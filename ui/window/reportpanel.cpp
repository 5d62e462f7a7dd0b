#include "reportpanel.h"

#include "issuefilterproxy.h"
#include "issuetablemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace masklab::ui {

ReportPanel::ReportPanel(QWidget *parent)
    : QWidget(parent), m_model(new IssueTableModel(this)), m_proxy(new IssueFilterProxy(this)),
      m_filter(new QLineEdit(this)), m_severity(new QComboBox(this)), m_kind(new QComboBox(this)),
      m_count(new QLabel(this)), m_table(new QTableView(this))
{
    m_proxy->setSourceModel(m_model);

    m_filter->setPlaceholderText(tr("Filter by path, kind or reason"));
    m_filter->setClearButtonEnabled(true);
    m_severity->addItem(tr("All severities"), int(Severity::Info));
    m_severity->addItem(tr("Warnings and errors"), int(Severity::Warning));
    m_severity->addItem(tr("Errors only"), int(Severity::Error));

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_filter, 1);
    filters->addWidget(m_severity);
    filters->addWidget(m_kind);
    filters->addWidget(m_count);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(IssueTableModel::SeverityColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(IssueTableModel::SeverityColumn, 90);
    m_table->setColumnWidth(IssueTableModel::KindColumn, 150);
    m_table->setColumnWidth(IssueTableModel::PathColumn, 330);
    m_table->setColumnWidth(IssueTableModel::LineColumn, 50);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setText(text);
        updateCount();
    });
    connect(m_severity, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setMinimumSeverity(static_cast<Severity>(m_severity->currentData().toInt()));
        updateCount();
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant kind = m_kind->currentData();
        m_proxy->setKind(kind.isValid() ? std::optional(static_cast<IssueKind>(kind.toInt()))
                                        : std::nullopt);
        updateCount();
    });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        emit revealRequested(m_model->issue(source.row()).path);
    });
    fillKinds();
    updateCount();
}

void ReportPanel::setIssues(std::vector<ScanIssue> issues)
{
    m_model->setIssues(std::move(issues));
    fillKinds();
    updateCount();
}

int ReportPanel::visibleRowCount() const
{
    return m_proxy->rowCount();
}

void ReportPanel::fillKinds()
{
    // Only the kinds present, so the list doubles as a table of contents.
    std::set<int> present;
    for (int row = 0; row < m_model->rowCount(); ++row)
        present.insert(int(m_model->issue(row).kind));
    const QSignalBlocker blocker(m_kind);
    m_kind->clear();
    m_kind->addItem(tr("All kinds"));
    for (int kind : present)
        m_kind->addItem(issueKindName(static_cast<IssueKind>(kind)), kind);
    m_proxy->setKind(std::nullopt);
}

void ReportPanel::updateCount()
{
    m_count->setText(tr("%1 of %2 shown").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
}

} // namespace masklab::ui
