#include "issuefilterproxy.h"

#include "issuetablemodel.h"

namespace masklab::ui {

IssueFilterProxy::IssueFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(IssueTableModel::SortRole);
}

void IssueFilterProxy::setMinimumSeverity(Severity severity)
{
    m_minimum = severity;
    invalidateFilter();
}

void IssueFilterProxy::setKind(std::optional<IssueKind> kind)
{
    m_kind = kind;
    invalidateFilter();
}

void IssueFilterProxy::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

bool IssueFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const auto *model = static_cast<const IssueTableModel *>(sourceModel());
    const ScanIssue &issue = model->issue(sourceRow);
    if (int(issue.severity) < int(m_minimum))
        return false;
    if (m_kind && issue.kind != *m_kind)
        return false;
    if (m_text.isEmpty())
        return true;
    return issue.path.contains(m_text, Qt::CaseInsensitive) ||
           issue.reason.contains(m_text, Qt::CaseInsensitive) ||
           issueKindName(issue.kind).contains(m_text, Qt::CaseInsensitive);
}

} // namespace masklab::ui
