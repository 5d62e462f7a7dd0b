#pragma once
// Filters the suspect list by kind, a lowest score, whether reviewed ones are shown, and to the
// likely errors (the model's suspects down to the finder's estimate; duplicates always show).

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
    void setLikelyCutoff(double score); // 0: every suspect

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_kind = -1;
    double m_minimumScore = 0;
    bool m_hideReviewed = false;
    double m_likelyCutoff = 0;
};

} // namespace masklab::ui
