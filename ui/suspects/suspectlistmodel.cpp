#include "suspectlistmodel.h"

#include "labelsession.h"
#include "suspectfix.h"

#include <QColor>

namespace masklab::ui {

namespace {
// The suspect's person is not in the dataset as scanned now, or none of the photos it is about
// is: nothing left to judge.
bool isGone(const finder::Suspect &s, const LabeledDataset &labels)
{
    const int person = labels.indexOf(s.folder);
    if (person < 0)
        return true;
    std::vector<int> concerned = s.photoSlots;
    if (concerned.empty())
        for (int slot = 0; slot < kPhotoSlotCount; ++slot)
            concerned.push_back(slot);
    for (int slot : concerned)
        if (!labels.dataset().photoPath(labels.person(person), slot).isEmpty())
            return false;
    return true;
}
} // namespace

SuspectListModel::SuspectListModel(QObject *parent) : QAbstractTableModel(parent) {}

QString SuspectListModel::setSession(LabelSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_dismissals = {};
    m_dismissalsPath.clear();
    QString error;
    if (session) {
        connect(session, &LabelSession::personsChanged, this, &SuspectListModel::onPersonsChanged);
        connect(session, &LabelSession::thresholdsChanged, this, &SuspectListModel::refreshAll);
        connect(session, &LabelSession::scanUpdated, this, &SuspectListModel::refreshAll);
        m_dismissalsPath = finder::Dismissals::pathIn(session->workspace().dir());
        if (auto loaded = finder::Dismissals::load(m_dismissalsPath, &error))
            m_dismissals = *loaded;
    }
    setSuspects({});
    return error;
}

void SuspectListModel::setSuspects(std::vector<finder::Suspect> suspects)
{
    beginResetModel();
    m_suspects = std::move(suspects);
    m_rowsOfFolder.clear();
    for (int row = 0; row < int(m_suspects.size()); ++row)
        m_rowsOfFolder[m_suspects[size_t(row)].folder] << row;
    m_fixed.assign(m_suspects.size(), false);
    m_gone.assign(m_suspects.size(), false);
    endResetModel();
    refreshAll();
}

void SuspectListModel::refreshAll()
{
    for (size_t row = 0; row < m_suspects.size(); ++row)
        m_gone[row] = m_session && isGone(m_suspects[row], m_session->labels());
    for (size_t row = 0; row < m_suspects.size(); ++row)
        m_fixed[row] = m_session && finder::labelChanged(m_suspects[row], m_session->labels(),
                                                         m_session->thresholds());
    if (!m_suspects.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    emit countsChanged();
}

void SuspectListModel::onPersonsChanged(const QList<int> &persons)
{
    bool changed = false;
    for (int person : persons) {
        const QList<int> rows = m_rowsOfFolder.value(m_session->labels().person(person).folder);
        for (int row : rows) {
            m_fixed[size_t(row)] = finder::labelChanged(
                m_suspects[size_t(row)], m_session->labels(), m_session->thresholds());
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
        changed = changed || !rows.isEmpty();
    }
    if (changed)
        emit countsChanged();
}

SuspectListModel::Status SuspectListModel::status(int row) const
{
    if (m_gone[size_t(row)])
        return Status::Gone;
    if (m_fixed[size_t(row)])
        return Status::Fixed;
    return m_dismissals.contains(m_suspects[size_t(row)]) ? Status::Dismissed : Status::Open;
}

SuspectListModel::Counts SuspectListModel::counts() const
{
    Counts c;
    c.total = rowCount();
    for (int row = 0; row < c.total; ++row) {
        const Status s = status(row);
        ++(s == Status::Open    ? c.open
           : s == Status::Fixed ? c.fixed
           : s == Status::Gone  ? c.gone
                                : c.dismissed);
    }
    return c;
}

bool SuspectListModel::setDismissed(int row, bool dismissed, QString *error)
{
    if (m_session->isReadOnly()) {
        *error = m_session->readOnlyReason();
        return false;
    }
    const finder::Suspect &s = m_suspects[size_t(row)];
    finder::Dismissals changed = m_dismissals;
    if (dismissed)
        changed.dismiss(s);
    else
        changed.restore(s);
    if (m_dismissalsPath.isEmpty() || !changed.save(m_dismissalsPath, error))
        return false;
    m_dismissals = changed;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit countsChanged();
    return true;
}

int SuspectListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_suspects.size());
}

int SuspectListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SuspectListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const finder::Suspect &s = m_suspects[size_t(index.row())];
    const Status st = status(index.row());
    if (role == KindRole)
        return int(s.kind);
    if (role == ScoreRole)
        return s.score;
    if (role == StatusRole)
        return int(st);
    if (role == Qt::ForegroundRole && st != Status::Open)
        return QColor(Qt::gray);
    if (role == Qt::TextAlignmentRole &&
        (index.column() == RankColumn || index.column() == ScoreColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case RankColumn:
        return index.row() + 1;
    case KindColumn:
        return finder::suspectKindName(s.kind);
    case FolderColumn:
        return s.folder;
    case FixColumn:
        return role == Qt::ToolTipRole
                   ? tr("%1\ngiven: %2\nsuggested: %3")
                         .arg(s.photo().isEmpty() ? s.folder : s.photo(), s.given, s.suggested)
                   : fixText(s);
    case ScoreColumn:
        if (role == Qt::ToolTipRole)
            return s.kind == finder::SuspectKind::Duplicate
                       ? tr("share of the two photos' hash bits that agree")
                       : tr("probability that the given label is wrong");
        return QString::number(s.score, 'f', 3);
    case StatusColumn:
        return st == Status::Open    ? tr("open")
               : st == Status::Fixed ? tr("fixed")
               : st == Status::Gone  ? tr("gone")
                                     : tr("dismissed");
    }
    return {};
}

QString SuspectListModel::fixText(const finder::Suspect &s)
{
    const QString arrow = QStringLiteral(" \u2192 ");
    switch (s.kind) {
    case finder::SuspectKind::Gender:
    case finder::SuspectKind::Age:
        return s.given + arrow + s.suggested;
    case finder::SuspectKind::MaskSwap:
        return s.photo().replace(u'+', QStringLiteral(" \u2194 "));
    case finder::SuspectKind::Mask:
        return s.photo() + QStringLiteral(": ") + s.given + arrow + s.suggested;
    case finder::SuspectKind::Duplicate:
        return s.suggested == QLatin1String("exclude")
                   ? tr("exclude %1").arg(s.photo().isEmpty() ? tr("the person") : s.photo())
                   : tr("copied by %1").arg(s.other);
    }
    return s.suggested;
}

QVariant SuspectListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == ScoreColumn)
        return tr("The probability that the given label is wrong (duplicates: how alike the two "
                  "photos are)");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *names[] = {"#", "Kind", "Person", "Suggested fix", "Score", "Status"};
    return tr(names[section]);
}

} // namespace masklab::ui
