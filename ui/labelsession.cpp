#include "labelsession.h"

#include "relabelcommand.h"

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
    m_thresholds = thresholds;
    QString error;
    if (!m_workspace.saveThresholds(thresholds, &error))
        emit saveFailed(error);
    emit thresholdsChanged();
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
    m_problemsByFolder.clear();
    m_problemPhotos.clear();
    // Index the scan findings by person folder (and photo) for the browser's markers.
    const QString imagesPrefix = QStringLiteral("train/images/");
    for (const ScanIssue &issue : m_scan->issues) {
        if (!issue.path.startsWith(imagesPrefix) || issue.severity == Severity::Info)
            continue;
        const QStringList parts = issue.path.mid(imagesPrefix.size()).split(u'/');
        m_problemsByFolder[parts.front()] += 1;
        if (parts.size() > 1) {
            const QString stem = parts[1].section(u'.', 0, 0);
            if (const auto slot = photoSlotOfStem(stem))
                m_problemPhotos.insert(parts.front() + u'/' + QString::number(*slot));
        } else if (issue.kind == IssueKind::MissingPhoto) {
            for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
                if (issue.reason.contains(QStringLiteral("photo %1 ").arg(photoSlotStem(slot))))
                    m_problemPhotos.insert(parts.front() + u'/' + QString::number(slot));
            }
        }
    }
    // Rows keyed by CSV line name the person through train.csv: count them too.
    for (const ScanIssue &issue : m_scan->issues) {
        if (issue.line <= 0 || issue.severity == Severity::Info ||
            issue.path != QLatin1String("train/train.csv"))
            continue;
        for (const Person &p : m_scan->dataset.persons) {
            if (p.csvLine == issue.line)
                m_problemsByFolder[p.folder] += 1;
        }
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

QString LabelSession::describe(const FieldChange &change) const
{
    const QString folder = m_labels.person(change.person).folder;
    const QString target = change.slot < 0 ? folder : folder + u'/' + photoSlotStem(change.slot);
    return QStringLiteral("%1 %2 -> %3").arg(target, editFieldName(change.field), change.value);
}

void LabelSession::edit(const FieldChange &change)
{
    const QString current = m_labels.value(change.person, change.slot, change.field);
    if (current == change.value)
        return;
    m_undo->push(new RelabelCommand(this, change.person, change.slot, change.field, current,
                                    change.value, describe(change)));
}

void LabelSession::editMany(const QList<FieldChange> &changes, const QString &text)
{
    // Values are read before any change, so a swap reads both sides first.
    QList<std::pair<FieldChange, QString>> todo;
    for (const FieldChange &change : changes) {
        const QString current = m_labels.value(change.person, change.slot, change.field);
        if (current != change.value)
            todo.append({change, current});
    }
    if (todo.isEmpty())
        return;
    if (todo.size() == 1) {
        edit(todo.front().first);
        return;
    }
    auto *macro = new QUndoCommand(text);
    for (const auto &[change, current] : todo)
        new RelabelCommand(this, change.person, change.slot, change.field, current, change.value,
                           describe(change), macro);
    m_undo->push(macro);
}

void LabelSession::applyValue(int person, int slot, EditField field, const QString &value)
{
    if (!m_labels.setValue(person, slot, field, value))
        return;
    QString error;
    if (!m_workspace.saveOverlay(m_labels.overlay(), &error)) {
        m_saveError = error;
        emit saveFailed(error);
    } else {
        m_saveError.clear();
    }
    emit personChanged(person);
}

} // namespace masklab::ui
