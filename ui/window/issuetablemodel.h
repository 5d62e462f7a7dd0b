#pragma once
// The validation report as a table: severity, kind, path, line, reason.

#include "scanissue.h"

#include <QAbstractTableModel>

#include <vector>

namespace masklab::ui {

class IssueTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        SeverityColumn,
        KindColumn,
        PathColumn,
        LineColumn,
        ReasonColumn,
        ColumnCount
    };
    // Numbers and enums for sorting and filtering, whatever the display text.
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int SeverityRole = Qt::UserRole + 2;

    explicit IssueTableModel(QObject *parent = nullptr);

    void setIssues(std::vector<ScanIssue> issues);
    const ScanIssue &issue(int row) const { return m_issues[size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<ScanIssue> m_issues;
};

} // namespace masklab::ui
