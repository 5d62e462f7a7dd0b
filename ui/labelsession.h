#pragma once
// An open dataset with its effective labels: the scan, the relabel overlay, the undo stack and
// the workspace the overlay is saved to after every edit step. An edit counts only once it is
// saved: when the save fails the labels stay as they were and the undo stack does not move.

#include "datasetscanner.h"
#include "labeleddataset.h"
#include "relabelcommand.h"
#include "workspace.h"
#include "workspacelock.h"

#include <QHash>
#include <QObject>

#include <memory>

class QUndoStack;

namespace masklab::ui {

struct FieldChange
{
    int person = -1;
    int slot = -1; // -1 for person fields
    EditField field = EditField::Gender;
    QString value;
};

class LabelSession : public QObject
{
    Q_OBJECT
public:
    LabelSession(std::shared_ptr<const ScanResult> scan, LabelOverlay overlay, Workspace workspace,
                 QObject *parent = nullptr);
    ~LabelSession() override;

    const LabeledDataset &labels() const { return m_labels; }
    const ScanResult &scan() const { return *m_scan; }
    const Workspace &workspace() const { return m_workspace; }
    QUndoStack *undoStack() const { return m_undo; }
    AgeThresholds thresholds() const { return m_thresholds; }
    // Moves the age-group boundaries for everything (browser, charts, trainer) and saves them
    // in the workspace.
    void setThresholds(const AgeThresholds &thresholds);

    // The image check finished: the same persons, now with image statuses and all findings.
    void updateScan(std::shared_ptr<const ScanResult> scan);

    // Scan findings about a person's folder or one of its photos.
    int problemCount(int person) const;
    bool photoHasProblem(int person, int slot) const;

    // Changes go through the undo stack; a change to the current value does nothing. Returns
    // false when the edit was not made (not saved, or the session is read-only): saveFailed
    // says why.
    bool edit(const FieldChange &change);
    // Several changes as one undo step (multi-select, swap); text names it in the history.
    bool editMany(const QList<FieldChange> &changes, const QString &text);

    // Another MaskLab holds the workspace: edits and thresholds are refused with this reason.
    void setReadOnly(const QString &reason) { m_readOnlyReason = reason; }
    // The lock this session writes under: released when the session ends.
    void keepLock(std::unique_ptr<WorkspaceLock> lock) { m_lock = std::move(lock); }
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }
    QString readOnlyReason() const { return m_readOnlyReason; }

    // For the undo commands only: applies one step's values and saves the overlay once. When
    // that fails the labels stay and the stack is moved back to match them.
    enum class Side
    {
        From,
        To
    };
    void applyStep(const RelabelCommand *command, const std::vector<ValueChange> &changes,
                   Side side);
    QString lastSaveError() const { return m_saveError; }

signals:
    // After each saved edit step, once, with every person it changed.
    void personsChanged(const QList<int> &persons);
    void scanUpdated();
    void thresholdsChanged();
    void saveFailed(const QString &message);

private:
    QString describe(const FieldChange &change) const;
    std::vector<ValueChange> changesFrom(const QList<FieldChange> &changes) const;
    bool applyAndSave(const std::vector<ValueChange> &changes, Side side);
    void indexProblems();

    std::shared_ptr<const ScanResult> m_scan;
    LabeledDataset m_labels;
    Workspace m_workspace;
    QUndoStack *m_undo;
    AgeThresholds m_thresholds;
    QHash<QString, int> m_problemsByFolder;
    QSet<QString> m_problemPhotos; // "folder/slot"
    QString m_saveError;
    QString m_readOnlyReason;
    std::unique_ptr<WorkspaceLock> m_lock;
    bool m_stepFailed = false; // the rest of a multi-step undo or redo is left alone
};

} // namespace masklab::ui
