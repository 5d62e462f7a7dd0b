#pragma once
// Which eval images the grid shows and in what order: by predicted mask, gender, age group or
// class, by the answer's probability, only those the ensemble is split on or whose answer
// differs from a compared submission, or a given set of images; in info.csv order or least sure
// first.

#include <QSet>
#include <QSortFilterProxyModel>

namespace masklab::ui {

struct EvalFilter
{
    int mask = -1; // -1: any
    int gender = -1;
    int age = -1;
    int classIndex = -1;
    double minConfidence = 0;
    double maxConfidence = 1;
    bool splitOnly = false;   // members disagree
    bool changedOnly = false; // the compared submission answers otherwise
    QSet<QString> imageSet;   // only these ImageIDs (a map selection); empty: all
    QString imageSetName;     // "map selection"

    bool operator==(const EvalFilter &o) const;
};

class EvalFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Order
    {
        InfoCsv,
        LeastSureFirst,
        MostSureFirst
    };

    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setFilter(const EvalFilter &filter);
    const EvalFilter &filter() const { return m_filter; }
    void setOrder(Order order);
    Order order() const { return m_order; }
    void setMemberCount(int members);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    EvalFilter m_filter;
    Order m_order = Order::InfoCsv;
    int m_members = 1;
};

} // namespace masklab::ui
