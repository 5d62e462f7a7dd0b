#include "issuetablemodel.h"

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QIcon>
#include <QStyle>

namespace masklab::ui {

IssueTableModel::IssueTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void IssueTableModel::setIssues(std::vector<ScanIssue> issues)
{
    beginResetModel();
    m_issues = std::move(issues);
    endResetModel();
}

int IssueTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_issues.size());
}

int IssueTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IssueTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ScanIssue &issue = m_issues[size_t(index.row())];
    const int column = index.column();
    if (role == SeverityRole)
        return int(issue.severity);
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case SeverityColumn:
            return role == SortRole ? QVariant(int(issue.severity))
                                    : QVariant(severityName(issue.severity));
        case KindColumn:
            return issueKindName(issue.kind);
        case PathColumn:
            return issue.path;
        case LineColumn:
            if (role == SortRole)
                return issue.line;
            return issue.line > 0 ? QVariant(issue.line) : QVariant();
        case ReasonColumn:
            return issue.reason;
        }
    }
    if (role == Qt::ToolTipRole)
        return issue.line > 0
                   ? QStringLiteral("%1:%2\n%3").arg(issue.path).arg(issue.line).arg(issue.reason)
                   : QStringLiteral("%1\n%2").arg(issue.path, issue.reason);
    if (role == Qt::DecorationRole && column == SeverityColumn) {
        const QStyle::StandardPixmap icon =
            issue.severity == Severity::Error     ? QStyle::SP_MessageBoxCritical
            : issue.severity == Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                  : QStyle::SP_MessageBoxInformation;
        return QApplication::style()->standardIcon(icon);
    }
    if (role == Qt::ForegroundRole && column == SeverityColumn && issue.severity == Severity::Error)
        return QBrush(QColor(0xB0, 0x20, 0x20));
    return {};
}

QVariant IssueTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case KindColumn:
        return tr("Kind");
    case PathColumn:
        return tr("Path");
    case LineColumn:
        return tr("Line");
    case ReasonColumn:
        return tr("Reason");
    }
    return {};
}

} // namespace masklab::ui
