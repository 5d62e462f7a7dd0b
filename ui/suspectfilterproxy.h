#pragma once
// Filters the suspect list by kind, a lowest score, and whether reviewed ones are shown.

#include <QSortFilterProxyModel>

namespace masklab::ui {

class SuspectFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setKind(int kind); // -1: all kinds
    void setMinimumScore(double score);
    void setHideReviewed(bool hide);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_kind = -1;
    double m_minimumScore = 0;
    bool m_hideReviewed = false;
};

} // namespace masklab::ui
