#pragma once
// Filters the report by minimum severity, kind and free text (path, kind or reason).

#include "scanissue.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace masklab::ui {

class IssueFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit IssueFilterProxy(QObject *parent = nullptr);

    void setMinimumSeverity(Severity severity);
    void setKind(std::optional<IssueKind> kind); // nothing: every kind
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Severity m_minimum = Severity::Info;
    std::optional<IssueKind> m_kind;
    QString m_text;
};

} // namespace masklab::ui
