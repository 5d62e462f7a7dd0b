#include "evalfilterproxy.h"

#include "evalimagemodel.h"
#include "labels.h"

namespace masklab::ui {

bool EvalFilter::operator==(const EvalFilter &o) const
{
    return mask == o.mask && gender == o.gender && age == o.age && classIndex == o.classIndex &&
           minConfidence == o.minConfidence && maxConfidence == o.maxConfidence &&
           splitOnly == o.splitOnly && changedOnly == o.changedOnly && imageSet == o.imageSet;
}

void EvalFilterProxy::setFilter(const EvalFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    invalidateFilter();
}

void EvalFilterProxy::setOrder(Order order)
{
    m_order = order;
    invalidate();
    sort(order == Order::InfoCsv ? -1 : 0);
}

void EvalFilterProxy::setMemberCount(int members)
{
    m_members = members;
    invalidateFilter();
}

bool EvalFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_filter.imageSet.isEmpty() &&
        !m_filter.imageSet.contains(index.data(EvalImageModel::ImageIdRole).toString()))
        return false;
    const QVariant answer = index.data(EvalImageModel::AnswerRole);
    const EvalFilter &f = m_filter;
    const bool filtersOnAnswers = f.mask >= 0 || f.gender >= 0 || f.age >= 0 || f.classIndex >= 0 ||
                                  f.minConfidence > 0 || f.maxConfidence < 1 || f.splitOnly ||
                                  f.changedOnly;
    if (!answer.isValid()) // no prediction (none yet, or the image did not decode)
        return !filtersOnAnswers;
    const ClassLabel label = *classLabel(answer.toInt());
    const double confidence = index.data(EvalImageModel::ConfidenceRole).toDouble();
    if ((f.mask >= 0 && int(label.mask) != f.mask) ||
        (f.gender >= 0 && int(label.gender) != f.gender) ||
        (f.age >= 0 && int(label.age) != f.age) ||
        (f.classIndex >= 0 && answer.toInt() != f.classIndex) || confidence < f.minConfidence ||
        confidence > f.maxConfidence)
        return false;
    if (f.splitOnly && index.data(EvalImageModel::AgreeingRole).toInt() >= m_members)
        return false;
    if (f.changedOnly) {
        const QVariant compared = index.data(EvalImageModel::ComparedAnswerRole);
        if (!compared.isValid() || compared.toInt() == answer.toInt())
            return false;
    }
    return true;
}

bool EvalFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const double a = left.data(EvalImageModel::ConfidenceRole).toDouble();
    const double b = right.data(EvalImageModel::ConfidenceRole).toDouble();
    if (a != b)
        return m_order == Order::MostSureFirst ? a > b : a < b;
    return left.row() < right.row(); // ties keep info.csv's order
}

} // namespace masklab::ui
