#pragma once
// The ranked suspects as a table, each with its review status: open, fixed (its label changed
// since it was found: the suggestion accepted, or an edit by hand), dismissed ("not an error",
// kept in the workspace) or gone (its person or photos left the dataset since the finder ran).
// Statuses follow the labels live: an undo reopens a fixed suspect.

#include "dismissals.h"
#include "suspect.h"

#include <QAbstractTableModel>
#include <QHash>

namespace masklab::ui {

class LabelSession;

class SuspectListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        RankColumn,
        KindColumn,
        FolderColumn,
        FixColumn, // "male → female", "incorrect_mask ↔ normal", "mask3: mask → incorrect"
        ScoreColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role
    {
        KindRole = Qt::UserRole + 1, // int (SuspectKind)
        ScoreRole,                   // double
        StatusRole                   // int (Status)
    };
    enum class Status
    {
        Open,
        Fixed,
        Dismissed,
        Gone // the person, or every photo the suspect is about, is not in the dataset now
    };
    struct Counts
    {
        int total = 0, open = 0, fixed = 0, dismissed = 0, gone = 0;
    };

    explicit SuspectListModel(QObject *parent = nullptr);

    // The session whose labels decide what is fixed; its workspace keeps the dismissals.
    // Returns why the dismissals could not be read (they start empty then), or nothing.
    QString setSession(LabelSession *session);
    void setSuspects(std::vector<finder::Suspect> suspects);
    const finder::Suspect &suspect(int row) const { return m_suspects[size_t(row)]; }
    Status status(int row) const;
    Counts counts() const;
    // Marks the suspect "not an error", or takes the mark back; saved at once.
    bool setDismissed(int row, bool dismissed, QString *error);

    // The suggested fix in a few words, for the Fix column.
    static QString fixText(const finder::Suspect &s);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    void countsChanged();

private:
    void onPersonsChanged(const QList<int> &persons);
    void refreshAll();

    LabelSession *m_session = nullptr;
    std::vector<finder::Suspect> m_suspects;
    std::vector<bool> m_fixed; // per row, from the session's labels
    std::vector<bool> m_gone;  // per row, from the session's scan
    QHash<QString, QList<int>> m_rowsOfFolder;
    finder::Dismissals m_dismissals;
    QString m_dismissalsPath;
};

} // namespace masklab::ui
