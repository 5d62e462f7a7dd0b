#pragma once
// An open dataset with its effective labels: the scan, the relabel overlay, the undo stack and
// the workspace the overlay is saved to after every change.

#include "datasetscanner.h"
#include "labeleddataset.h"
#include "workspace.h"

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

    // Changes go through the undo stack; a change to the current value does nothing.
    void edit(const FieldChange &change);
    // Several changes as one undo step (multi-select, swap); text names it in the history.
    void editMany(const QList<FieldChange> &changes, const QString &text);

    // For the undo commands only: sets the value and saves the overlay.
    void applyValue(int person, int slot, EditField field, const QString &value);
    QString lastSaveError() const { return m_saveError; }

signals:
    void personChanged(int person);
    void scanUpdated();
    void thresholdsChanged();
    void saveFailed(const QString &message);

private:
    QString describe(const FieldChange &change) const;
    void indexProblems();

    std::shared_ptr<const ScanResult> m_scan;
    LabeledDataset m_labels;
    Workspace m_workspace;
    QUndoStack *m_undo;
    AgeThresholds m_thresholds;
    QHash<QString, int> m_problemsByFolder;
    QSet<QString> m_problemPhotos; // "folder/slot"
    QString m_saveError;
};

} // namespace masklab::ui
