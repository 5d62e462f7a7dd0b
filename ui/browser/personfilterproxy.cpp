#include "personfilterproxy.h"

#include "labelsession.h"
#include "persontablemodel.h"

namespace masklab::ui {

PersonFilterProxy::PersonFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    // Edits change what matches: re-filter when a row's data changes.
    setDynamicSortFilter(true);
}

void PersonFilterProxy::setSession(LabelSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_pinned.clear();
    if (m_session) // the rows on screen that an edit is about to change stay there
        connect(m_session, &LabelSession::personsAboutToChange, this, [this](const QList<int> &p) {
            for (int person : p)
                if (filterAcceptsRow(person, {}))
                    m_pinned.insert(person);
        });
    invalidate();
}

void PersonFilterProxy::setFilter(const PersonFilter &filter)
{
    m_filter = filter;
    m_pinned.clear();
    invalidateFilter();
}

void PersonFilterProxy::pin(const QList<int> &persons)
{
    bool added = false;
    for (int person : persons) {
        added = added || !filterAcceptsRow(person, {});
        m_pinned.insert(person);
    }
    if (added)
        invalidateFilter();
    emit pinsChanged();
}

void PersonFilterProxy::releasePinsUnless(int person)
{
    if (m_pinned.isEmpty() || m_pinned.contains(person))
        return;
    m_pinned.clear();
    invalidateFilter();
    emit pinsChanged();
}

int PersonFilterProxy::pinnedOutsideCount() const
{
    return int(std::count_if(m_pinned.begin(), m_pinned.end(),
                             [this](int person) { return !matches(person); }));
}

bool PersonFilterProxy::matches(int person) const
{
    if (!m_session || !m_filter.isActive())
        return true;
    return m_filter.matches(m_session->labels(), person, m_session->thresholds(),
                            m_session->problemCount(person));
}

QVariant PersonFilterProxy::data(const QModelIndex &index, int role) const
{
    if (role != PersonTableModel::OutsideFilterRole)
        return QSortFilterProxyModel::data(index, role);
    const int person = mapToSource(index).row();
    return m_pinned.contains(person) && !matches(person);
}

void PersonFilterProxy::setSortKey(SortKey key)
{
    m_sortKey = key;
    invalidate();
    sort(0);
}

std::vector<int> PersonFilterProxy::optionCounts(PersonFilter::Dimension dimension) const
{
    using D = PersonFilter::Dimension;
    const int options = dimension == D::Gender     ? kGenderCount
                        : dimension == D::AgeGroup ? kAgeGroupCount
                        : dimension == D::Mask     ? kMaskStateCount
                                                   : kClassCount;
    std::vector<int> counts(size_t(options), 0);
    if (!m_session)
        return counts;
    const LabeledDataset &labels = m_session->labels();
    const AgeThresholds thresholds = m_session->thresholds();
    for (int i = 0; i < labels.personCount(); ++i) {
        if (!m_filter.matches(labels, i, thresholds, m_session->problemCount(i), dimension))
            continue;
        if (dimension == D::Gender) {
            ++counts[size_t(labels.gender(i))];
        } else if (dimension == D::AgeGroup) {
            ++counts[size_t(thresholds.groupOf(labels.age(i)))];
        } else {
            // A person counts once per option, however many of their photos have it.
            std::vector<bool> seen(size_t(options), false);
            for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
                if (labels.excluded(i, slot) ||
                    labels.person(i).photos[size_t(slot)].fileName.isEmpty())
                    continue;
                const ClassLabel label = labels.label(i, slot, thresholds);
                seen[size_t(dimension == D::Mask ? int(label.mask) : classIndex(label))] = true;
            }
            for (size_t o = 0; o < seen.size(); ++o)
                counts[o] += seen[o] ? 1 : 0;
        }
    }
    return counts;
}

bool PersonFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    return m_pinned.contains(sourceRow) || matches(sourceRow);
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
