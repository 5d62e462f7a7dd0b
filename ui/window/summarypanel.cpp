#include "summarypanel.h"

#include "datasetscanner.h"
#include "labeleddataset.h"

#include <QFormLayout>
#include <QLabel>

namespace masklab::ui {

SummaryPanel::SummaryPanel(QWidget *parent) : QWidget(parent)
{
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    m_location = addRow(tr("Dataset"));
    m_persons = addRow(tr("Persons"));
    m_ageGroups = addRow(tr("Age groups"));
    m_photos = addRow(tr("Train photos"));
    m_eval = addRow(tr("Eval images"));
    m_findings = addRow(tr("Findings"));
    m_suspects = addRow(tr("Suspected label errors"));
    clear(tr("No dataset open. Use File > Open, drop a folder here, or pass a path."));
}

QLabel *SummaryPanel::addRow(const QString &name)
{
    auto *value = new QLabel(this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    static_cast<QFormLayout *>(layout())->addRow(QStringLiteral("<b>%1</b>").arg(name), value);
    return value;
}

void SummaryPanel::clear(const QString &message)
{
    m_location->setText(message);
    for (QLabel *label : {m_persons, m_ageGroups, m_photos, m_eval, m_findings, m_suspects})
        label->setText(QStringLiteral("-"));
}

void SummaryPanel::showResult(const ScanResult &result)
{
    const Dataset &ds = result.dataset;
    const AgeThresholds thresholds;
    int female = 0;
    int groups[kAgeGroupCount] = {};
    for (const Person &person : ds.persons) {
        female += person.gender == Gender::Female ? 1 : 0;
        ++groups[int(thresholds.groupOf(person.age))];
    }
    m_location->setText(ds.root);
    showPersons(int(ds.persons.size()), female, groups, thresholds);
    m_photos->setText(QString::number(ds.photoCount()));
    m_eval->setText(ds.evalDir.isEmpty() ? tr("no eval folder")
                                         : QString::number(ds.evalImages.size()));
    const IssueCounts counts = countIssues(result.issues);
    m_findings->setText(tr("%1 errors, %2 warnings, %3 infos  (scanned in %4 s%5)")
                            .arg(counts.errors)
                            .arg(counts.warnings)
                            .arg(counts.infos)
                            .arg(result.seconds, 0, 'f', 2)
                            .arg(result.cancelled ? tr(", cancelled") : QString()));
}

void SummaryPanel::showLabels(const LabeledDataset &labels, const AgeThresholds &thresholds)
{
    int female = 0;
    int groups[kAgeGroupCount] = {};
    for (int person = 0; person < labels.personCount(); ++person) {
        female += labels.gender(person) == Gender::Female ? 1 : 0;
        ++groups[int(thresholds.groupOf(labels.age(person)))];
    }
    showPersons(labels.personCount(), female, groups, thresholds);
}

void SummaryPanel::showPersons(int persons, int female, const int *groups,
                               const AgeThresholds &thresholds)
{
    m_persons->setText(
        tr("%1 (%2 male, %3 female)").arg(persons).arg(persons - female).arg(female));
    QStringList groupText;
    for (AgeGroup g : {AgeGroup::Young, AgeGroup::Middle, AgeGroup::Old})
        groupText << QStringLiteral("%1 %2: %3")
                         .arg(ageGroupName(g), ageGroupRange(g, thresholds))
                         .arg(groups[int(g)]);
    m_ageGroups->setText(groupText.join(QStringLiteral(", ")));
}

QString SummaryPanel::text() const
{
    QStringList values;
    for (QLabel *label :
         {m_location, m_persons, m_ageGroups, m_photos, m_eval, m_findings, m_suspects})
        values << label->text();
    return values.join(u'\n');
}

void SummaryPanel::setSuspectCount(int open, int total)
{
    m_open = open;
    m_total = total;
    m_suspects->setText(total == 0 ? tr("not searched yet (Suspects tab)")
                                   : (m_estimate.isEmpty() ? QString() : m_estimate + "; ") +
                                         tr("%1 open of %2 (Suspects tab)").arg(open).arg(total));
}

void SummaryPanel::setErrorEstimate(const QString &summary)
{
    m_estimate = summary;
    setSuspectCount(m_open, m_total);
}

} // namespace masklab::ui
