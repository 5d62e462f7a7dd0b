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

// One step that changed labels, as the window confirms it: what it was called on the undo
// stack and whom it touched, so that the browser can show them.
struct AppliedStep
{
    enum class Kind
    {
        Edit,
        BackToBefore, // an edit that undid the step before it (merged away: nothing to undo)
        Undo,
        Redo
    } kind = Kind::Edit;
    QString text;       // "000005 gender female → male", "Toggle gender of 3 persons"
    QList<int> persons; // in the order the step names them
    int firstSlot = -1; // the first photo it changed; -1 when it changed a person field
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
    // "000005 gender female → male", "000005/mask1 mask mask → incorrect": an undo step's name.
    QString describe(const ValueChange &change) const;

signals:
    // Before a step changes these persons' labels (the browser keeps the ones it shows).
    void personsAboutToChange(const QList<int> &persons);
    // After each saved edit step, once, with every person it changed.
    void personsChanged(const QList<int> &persons);
    // After personsChanged: the step as the user should see it confirmed.
    void stepApplied(const masklab::ui::AppliedStep &step);
    void scanUpdated();
    void thresholdsChanged();
    void saveFailed(const QString &message);

private:
    std::vector<ValueChange> changesFrom(const QList<FieldChange> &changes) const;
    // Applies and saves one step; *changed: the persons whose labels it changed, in order
    // (none when every value was already there).
    bool applyAndSave(const std::vector<ValueChange> &changes, Side side, QList<int> *changed);
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
