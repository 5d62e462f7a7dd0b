#include "runtablemodel.h"

namespace masklab::ui {

void RunTableModel::setTable(RunTable table)
{
    beginResetModel();
    m_table = std::move(table);
    m_columns = m_table.columns();
    endResetModel();
}

int RunTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_table.rows.size());
}

int RunTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant RunTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const QString text = m_table.cell(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole:
        return text;
    case SortRole: {
        bool number = false;
        const double value = text.section(u'/', 0, 0).toDouble(&number); // "4/20": 4 epochs
        return number ? QVariant(value) : QVariant(text);
    }
    case RunDirRole:
        return m_table.rows[size_t(index.row())].summary.dir;
    case Qt::TextAlignmentRole: {
        bool number = false;
        text.toDouble(&number);
        return number ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    default:
        return {};
    }
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section >= m_columns.size())
        return {};
    if (role == Qt::DisplayRole)
        return QString(m_columns[section]).replace(u'_', u' ');
    if (role == Qt::ToolTipRole && section >= RunTable::fixedColumns().size())
        return tr("%1 differs among these runs").arg(m_columns[section]);
    return {};
}

} // namespace masklab::ui
