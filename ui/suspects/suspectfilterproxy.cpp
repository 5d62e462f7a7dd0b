#include "suspectfilterproxy.h"

#include "suspect.h"
#include "suspectlistmodel.h"

namespace masklab::ui {

void SuspectFilterProxy::setKind(int kind)
{
    m_kind = kind;
    invalidateFilter();
}

void SuspectFilterProxy::setMinimumScore(double score)
{
    m_minimumScore = score;
    invalidateFilter();
}

void SuspectFilterProxy::setHideReviewed(bool hide)
{
    m_hideReviewed = hide;
    invalidateFilter();
}

void SuspectFilterProxy::setLikelyCutoff(double score)
{
    m_likelyCutoff = score;
    invalidateFilter();
}

bool SuspectFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_kind >= 0 && index.data(SuspectListModel::KindRole).toInt() != m_kind)
        return false;
    const double score = index.data(SuspectListModel::ScoreRole).toDouble();
    if (score < m_minimumScore)
        return false;
    if (score < m_likelyCutoff &&
        index.data(SuspectListModel::KindRole).toInt() != int(finder::SuspectKind::Duplicate))
        return false;
    return !m_hideReviewed ||
           index.data(SuspectListModel::StatusRole).toInt() == int(SuspectListModel::Status::Open);
}

} // namespace masklab::ui
