#pragma once
// Filters and sorts the person rows of the browser. A person being edited stays in view after it
// stops matching (it is "pinned", as a spreadsheet filter keeps an edited row) until the user
// moves to a person that is not pinned; the row then says it no longer matches.

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

    // Keeps these persons (dataset indexes) in view whether they match or not.
    void pin(const QList<int> &persons);
    // The cursor went to `person`: unless it is pinned, every pin is let go (those rows leave).
    void releasePinsUnless(int person);
    // The filter's own answer, pins aside.
    bool matches(int person) const;
    // Rows shown only because they are pinned (they no longer match).
    int pinnedOutsideCount() const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void pinsChanged(); // the shown rows changed without the filter changing

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    LabelSession *m_session = nullptr;
    PersonFilter m_filter;
    SortKey m_sortKey = SortKey::Folder;
    QSet<int> m_pinned;
};

} // namespace masklab::ui
