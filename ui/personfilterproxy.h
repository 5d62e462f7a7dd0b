#pragma once
// Filters and sorts the person rows of the browser.

#include "personfilter.h"

#include <QSortFilterProxyModel>

namespace masklab::ui {

class LabelSession;

class PersonFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class SortKey
    {
        Folder,
        Id,
        Age
    };

    explicit PersonFilterProxy(QObject *parent = nullptr);

    void setSession(LabelSession *session);
    void setFilter(const PersonFilter &filter);
    const PersonFilter &filter() const { return m_filter; }
    void setSortKey(SortKey key);

    // For each option of a dimension (gender, age group, mask state or class), how many persons
    // it would show with the other criteria as they are. One pass over the persons.
    std::vector<int> optionCounts(PersonFilter::Dimension dimension) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    LabelSession *m_session = nullptr;
    PersonFilter m_filter;
    SortKey m_sortKey = SortKey::Folder;
};

} // namespace masklab::ui
