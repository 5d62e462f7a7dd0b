#include "labelsession.h"

#include "relabelcommand.h"

#include <QTimer>
#include <QUndoStack>

namespace masklab::ui {

LabelSession::LabelSession(std::shared_ptr<const ScanResult> scan, LabelOverlay overlay,
                           Workspace workspace, QObject *parent)
    : QObject(parent), m_scan(std::move(scan)),
      m_labels(std::shared_ptr<const Dataset>(m_scan, &m_scan->dataset), std::move(overlay)),
      m_workspace(std::move(workspace)), m_undo(new QUndoStack(this))
{
    QString error;
    if (const auto saved = m_workspace.loadThresholds(&error))
        m_thresholds = *saved;
    else
        m_saveError = error; // shown by the window; the defaults stay in use
    indexProblems();
}

void LabelSession::setThresholds(const AgeThresholds &thresholds)
{
    if (!thresholds.isValid() || thresholds == m_thresholds)
        return;
    QString error = m_readOnlyReason;
    if (error.isEmpty() && !m_workspace.saveThresholds(thresholds, &error))
        error = tr("the age groups were not changed: %1").arg(error);
    if (error.isEmpty())
        m_thresholds = thresholds;
    else
        emit saveFailed(error);
    emit thresholdsChanged(); // also when refused: the spin boxes go back
}

void LabelSession::updateScan(std::shared_ptr<const ScanResult> scan)
{
    // Same folders in the same order (it is the same scan, completed): indexes stay valid.
    Q_ASSERT(scan->dataset.persons.size() == m_scan->dataset.persons.size());
    m_scan = std::move(scan);
    m_labels = LabeledDataset(std::shared_ptr<const Dataset>(m_scan, &m_scan->dataset),
                              m_labels.overlay());
    indexProblems();
    emit scanUpdated();
}

void LabelSession::indexProblems()
{
    // The scan says which person and photo each finding concerns: count them for the markers.
    m_problemsByFolder.clear();
    m_problemPhotos.clear();
    for (const ScanIssue &issue : m_scan->issues) {
        if (issue.person.isEmpty() || issue.severity == Severity::Info)
            continue;
        m_problemsByFolder[issue.person] += 1;
        if (issue.photoSlot >= 0)
            m_problemPhotos.insert(issue.person + u'/' + QString::number(issue.photoSlot));
    }
}

LabelSession::~LabelSession() = default;

int LabelSession::problemCount(int person) const
{
    return m_problemsByFolder.value(m_labels.person(person).folder);
}

bool LabelSession::photoHasProblem(int person, int slot) const
{
    return m_problemPhotos.contains(m_labels.person(person).folder + u'/' + QString::number(slot));
}

QString LabelSession::describe(const ValueChange &change) const
{
    const QString folder = m_labels.person(change.person).folder;
    const QString target = change.slot < 0 ? folder : folder + u'/' + photoSlotStem(change.slot);
    switch (change.field) {
    case EditField::Mask: // "000005/mask1 mask → incorrect"
        return QStringLiteral("%1 %2 \u2192 %3").arg(target, change.from, change.to);
    case EditField::Excluded:
        return change.to == canonicalValue(true) ? tr("%1 excluded").arg(target)
                                                 : tr("%1 included again").arg(target);
    default: // "000005 gender female → male"
        return QStringLiteral("%1 %2 %3 \u2192 %4")
            .arg(target, editFieldName(change.field), change.from, change.to);
    }
}

std::vector<ValueChange> LabelSession::changesFrom(const QList<FieldChange> &changes) const
{
    // Values are read before any change, so a swap reads both sides first.
    std::vector<ValueChange> result;
    for (const FieldChange &change : changes) {
        const QString current = m_labels.value(change.person, change.slot, change.field);
        if (current != change.value)
            result.push_back({change.person, change.slot, change.field, current, change.value});
    }
    return result;
}

bool LabelSession::edit(const FieldChange &change)
{
    return editMany({change}, QString());
}

bool LabelSession::editMany(const QList<FieldChange> &changes, const QString &text)
{
    std::vector<ValueChange> todo = changesFrom(changes);
    if (todo.empty())
        return true;
    QList<int> persons;
    if (!applyAndSave(todo, Side::To, &persons))
        return false;
    const QString name = todo.size() == 1 || text.isEmpty() ? describe(todo.front()) : text;
    AppliedStep step{AppliedStep::Kind::Edit, name, persons, todo.front().slot};
    const int before = m_undo->index();
    m_undo->push(new RelabelCommand(this, std::move(todo), name));
    if (m_undo->index() < before) // merged into the last step and undid it: G pressed twice
        step.kind = AppliedStep::Kind::BackToBefore;
    else if (m_undo->index() == before) // merged: the step now goes from its first value
        step.text = m_undo->text(m_undo->index() - 1);
    emit stepApplied(step);
    return true;
}

void LabelSession::applyStep(const RelabelCommand *command, const std::vector<ValueChange> &changes,
                             Side side)
{
    if (m_stepFailed)
        return;
    QList<int> persons;
    if (applyAndSave(changes, side, &persons)) {
        if (!persons.isEmpty())
            emit stepApplied(
                {side == Side::From ? AppliedStep::Kind::Undo : AppliedStep::Kind::Redo,
                 command->text(), persons, changes.front().slot});
        return;
    }
    // QUndoStack moves its index whatever undo() or redo() did: move it back, once the stack
    // is done, to the step the labels (and the saved file) are still at.
    int position = 0;
    while (position < m_undo->count() && m_undo->command(position) != command)
        ++position;
    const int keep = side == Side::From ? position + 1 : position;
    m_stepFailed = true;
    QTimer::singleShot(0, this, [this, keep] {
        m_undo->setIndex(keep); // the steps in between find their values in place: no saves
        m_stepFailed = false;
    });
}

bool LabelSession::applyAndSave(const std::vector<ValueChange> &changes, Side side,
                                QList<int> *changed)
{
    LabeledDataset next = m_labels;
    QList<int> persons;
    for (const ValueChange &change : changes) {
        const QString &value = side == Side::To ? change.to : change.from;
        if (next.setValue(change.person, change.slot, change.field, value) &&
            !persons.contains(change.person))
            persons.append(change.person);
    }
    *changed = persons;
    if (persons.isEmpty())
        return true;
    QString error = m_readOnlyReason;
    if (error.isEmpty() && !m_workspace.saveOverlay(next.overlay(), &error))
        error = tr("the edit was not made: %1").arg(error);
    if (!error.isEmpty()) {
        m_saveError = error;
        emit saveFailed(error);
        return false;
    }
    emit personsAboutToChange(persons);
    m_labels = std::move(next);
    m_saveError.clear();
    emit personsChanged(persons);
    return true;
}

} // namespace masklab::ui
