#pragma once
// core's RunTable as a Qt table: every column of the comparison (status, F1 figures, seconds and
// the config keys that differ among the runs). Numbers sort as numbers: SortRole gives a double
// for number cells, the text otherwise.

#include "runtable.h"

#include <QAbstractTableModel>

namespace masklab::ui {

class RunTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int RunDirRole = Qt::UserRole + 2;

    explicit RunTableModel(QObject *parent = nullptr) : QAbstractTableModel(parent) {}

    void setTable(RunTable table);
    const RunTable &table() const { return m_table; }
    int columnOf(const QString &name) const { return int(m_table.columns().indexOf(name)); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    RunTable m_table;
    QStringList m_columns;
};

} // namespace masklab::ui
