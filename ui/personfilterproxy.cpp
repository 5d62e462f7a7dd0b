#include "personfilterproxy.h"

#include "labelsession.h"

namespace masklab::ui {

PersonFilterProxy::PersonFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    // Edits change what matches: re-filter when a row's data changes.
    setDynamicSortFilter(true);
}

void PersonFilterProxy::setSession(LabelSession *session)
{
    m_session = session;
    invalidate();
}

void PersonFilterProxy::setFilter(const PersonFilter &filter)
{
    m_filter = filter;
    invalidateFilter();
}

void PersonFilterProxy::setSortKey(SortKey key)
{
    m_sortKey = key;
    invalidate();
    sort(0);
}

int PersonFilterProxy::countWith(const PersonFilter &filter,
                                 PersonFilter::Dimension dimension) const
{
    if (!m_session)
        return 0;
    const LabeledDataset &labels = m_session->labels();
    int count = 0;
    for (int i = 0; i < labels.personCount(); ++i) {
        if (filter.matches(labels, i, m_session->thresholds(), m_session->problemCount(i)) &&
            m_filter.matches(labels, i, m_session->thresholds(), m_session->problemCount(i),
                             dimension))
            ++count;
    }
    return count;
}

bool PersonFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (!m_session || !m_filter.isActive())
        return true;
    return m_filter.matches(m_session->labels(), sourceRow, m_session->thresholds(),
                            m_session->problemCount(sourceRow));
}

bool PersonFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_session)
        return left.row() < right.row();
    const LabeledDataset &labels = m_session->labels();
    const int a = left.row();
    const int b = right.row();
    switch (m_sortKey) {
    case SortKey::Folder:
        return labels.person(a).folder < labels.person(b).folder;
    case SortKey::Id: {
        const QString ia = normalizedId(labels.person(a).id);
        const QString ib = normalizedId(labels.person(b).id);
        const int na = ia.section(u'-', 0, 0).toInt();
        const int nb = ib.section(u'-', 0, 0).toInt();
        return na != nb ? na < nb : ia < ib;
    }
    case SortKey::Age:
        return labels.age(a) != labels.age(b) ? labels.age(a) < labels.age(b)
                                              : labels.person(a).folder < labels.person(b).folder;
    }
    return a < b;
}

} // namespace masklab::ui
