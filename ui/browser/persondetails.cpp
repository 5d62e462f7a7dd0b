#include "persondetails.h"

#include "labelsession.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

namespace masklab::ui {

PersonDetails::PersonDetails(QWidget *parent)
    : QWidget(parent), m_folder(new QLabel), m_id(new QLabel), m_gender(new QComboBox),
      m_age(new QSpinBox), m_group(new QLabel), m_race(new QLineEdit), m_photo(new QLabel),
      m_findings(new QLabel)
{
    m_gender->addItem(genderName(Gender::Male), int(Gender::Male));
    m_gender->addItem(genderName(Gender::Female), int(Gender::Female));
    m_age->setRange(0, 130);
    m_age->setKeyboardTracking(false); // one edit per finished value, not per digit
    for (QLabel *label : {m_folder, m_photo, m_findings}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    auto *form = new QFormLayout(this);
    form->addRow(tr("Folder"), m_folder);
    form->addRow(tr("Id"), m_id);
    form->addRow(tr("Gender (G)"), m_gender);
    form->addRow(tr("Age"), m_age);
    form->addRow(tr("Age group"), m_group);
    form->addRow(tr("Race"), m_race);
    form->addRow(tr("Photo"), m_photo);
    form->addRow(tr("Scan"), m_findings);
    setMinimumWidth(230);

    connect(m_gender, &QComboBox::currentIndexChanged, this, [this] {
        if (m_refreshing || !m_session || m_person < 0)
            return;
        if (!m_session->edit({m_person, -1, EditField::Gender,
                              genderName(static_cast<Gender>(m_gender->currentData().toInt()))}))
            refresh(); // not saved: show the value that holds
    });
    connect(m_age, &QSpinBox::valueChanged, this, &PersonDetails::commitAge);
    connect(m_race, &QLineEdit::editingFinished, this, &PersonDetails::commitRace);
    showPerson(-1, -1);
}

void PersonDetails::setSession(LabelSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session)
        connect(m_session, &LabelSession::personsChanged, this, [this](const QList<int> &persons) {
            if (persons.contains(m_person))
                refresh();
        });
    showPerson(-1, -1);
}

void PersonDetails::showPerson(int person, int slot)
{
    m_person = m_session ? person : -1;
    m_slot = slot;
    refresh();
}

void PersonDetails::refresh()
{
    m_refreshing = true;
    const bool valid = m_session && m_person >= 0;
    const bool editable = valid && !m_session->isReadOnly();
    for (QWidget *w : std::initializer_list<QWidget *>{m_gender, m_age, m_race})
        w->setEnabled(editable);
    if (!valid) { // nobody shown (e.g. no person matches the filter): no one's values either
        for (QLabel *l : {m_folder, m_id, m_group, m_photo, m_findings})
            l->setText(QStringLiteral("-"));
        m_gender->setCurrentIndex(-1);
        m_age->setSpecialValueText(QStringLiteral("-"));
        m_age->setMinimum(-1);
        m_age->setValue(-1);
        m_race->clear();
        m_refreshing = false;
        return;
    }
    m_age->setSpecialValueText(QString());
    m_age->setMinimum(0);
    const LabeledDataset &labels = m_session->labels();
    const Person &p = labels.person(m_person);
    m_folder->setText(p.folder + (labels.isEdited(m_person) ? tr(" (edited)") : QString()));
    m_id->setText(p.id + (p.csvLine > 0 ? tr("  (train.csv line %1)").arg(p.csvLine) : QString()));
    m_gender->setCurrentIndex(m_gender->findData(int(labels.gender(m_person))));
    m_age->setValue(labels.age(m_person));
    const AgeGroup group = m_session->thresholds().groupOf(labels.age(m_person));
    m_group->setText(QStringLiteral("%1 (%2)").arg(ageGroupName(group),
                                                   ageGroupRange(group, m_session->thresholds())));
    m_race->setText(labels.race(m_person));
    if (m_slot >= 0) {
        const QString path = labels.dataset().photoPath(p, m_slot);
        m_photo->setText(QStringLiteral("%1: %2%3\n%4")
                             .arg(photoSlotStem(m_slot),
                                  maskStateName(labels.mask(m_person, m_slot)),
                                  labels.excluded(m_person, m_slot) ? tr(", excluded") : QString(),
                                  path.isEmpty() ? tr("(missing)") : path));
    } else {
        m_photo->setText(QStringLiteral("-"));
    }
    const int problems = m_session->problemCount(m_person);
    m_findings->setText(problems == 0
                            ? tr("no problems")
                            : tr("%n problem(s): see the validation report", nullptr, problems));
    m_refreshing = false;
}

void PersonDetails::commitAge()
{
    if (m_refreshing || !m_session || m_person < 0)
        return;
    if (!m_session->edit({m_person, -1, EditField::Age, QString::number(m_age->value())}))
        refresh();
}

void PersonDetails::commitRace()
{
    if (m_refreshing || !m_session || m_person < 0 || m_race->text().trimmed().isEmpty())
        return;
    if (!m_session->edit({m_person, -1, EditField::Race, m_race->text().trimmed()}))
        refresh();
}

} // namespace masklab::ui
