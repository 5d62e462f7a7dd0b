#include "filterbar.h"

#include "counted.h"
#include "personfilterproxy.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>

namespace masklab::ui {

namespace {
// Item data: -1 for "any", else the enum value / class index.
QComboBox *makeCombo(QWidget *parent, const QString &any, const QStringList &names)
{
    auto *combo = new QComboBox(parent);
    combo->addItem(any, -1);
    for (int i = 0; i < names.size(); ++i)
        combo->addItem(names[i], i);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    return combo;
}

template <typename Enum> std::optional<Enum> comboValue(const QComboBox *combo)
{
    const int value = combo->currentData().toInt();
    return value < 0 ? std::nullopt : std::optional<Enum>(static_cast<Enum>(value));
}

void selectValue(QComboBox *combo, int value)
{
    combo->setCurrentIndex(std::max(0, combo->findData(value)));
}
} // namespace

FilterBar::FilterBar(PersonFilterProxy *proxy, QWidget *parent) : QWidget(parent), m_proxy(proxy)
{
    QStringList classes;
    for (int c = 0; c < kClassCount; ++c)
        classes << QStringLiteral("%1 %2").arg(c).arg(className(c));
    m_gender =
        makeCombo(this, tr("Any gender"), {genderName(Gender::Male), genderName(Gender::Female)});
    m_ageGroup = makeCombo(this, tr("Any age group"),
                           {ageGroupName(AgeGroup::Young), ageGroupName(AgeGroup::Middle),
                            ageGroupName(AgeGroup::Old)});
    m_mask = makeCombo(this, tr("Any mask state"),
                       {maskStateName(MaskState::Wear), maskStateName(MaskState::Incorrect),
                        maskStateName(MaskState::NotWear)});
    m_class = makeCombo(this, tr("Any class"), classes);
    m_class->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_class->setMinimumContentsLength(12);
    m_minAge = new QSpinBox(this);
    m_maxAge = new QSpinBox(this);
    for (QSpinBox *box : {m_minAge, m_maxAge})
        box->setRange(0, 200);
    m_minAge->setPrefix(tr("age "));
    m_maxAge->setPrefix(tr("to "));
    m_maxAge->setValue(200);
    m_text = new QLineEdit(this);
    m_text->setPlaceholderText(tr("Folder or id"));
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(120);
    m_edited = new QCheckBox(tr("Edited"), this);
    m_problems = new QCheckBox(tr("Scan problems"), this);
    m_folderSet = new QToolButton(this);
    m_folderSet->setToolTip(tr("Showing a given set of persons; click to show all again"));
    m_folderSet->hide();
    m_sort = new QComboBox(this);
    m_sort->addItems({tr("Sort by folder"), tr("Sort by id"), tr("Sort by age")});
    m_matches = new QLabel(this);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *w : std::initializer_list<QWidget *>{m_gender, m_ageGroup, m_minAge, m_maxAge,
                                                       m_mask, m_class})
        layout->addWidget(w);
    layout->addWidget(m_text, 1);
    for (QWidget *w : std::initializer_list<QWidget *>{m_edited, m_problems, m_folderSet})
        layout->addWidget(w);

    for (QComboBox *combo : {m_gender, m_ageGroup, m_mask, m_class})
        connect(combo, &QComboBox::currentIndexChanged, this, &FilterBar::apply);
    for (QSpinBox *box : {m_minAge, m_maxAge})
        connect(box, &QSpinBox::valueChanged, this, &FilterBar::apply);
    connect(m_text, &QLineEdit::textChanged, this, &FilterBar::apply);
    connect(m_edited, &QCheckBox::toggled, this, &FilterBar::apply);
    connect(m_problems, &QCheckBox::toggled, this, &FilterBar::apply);
    connect(m_folderSet, &QToolButton::clicked, this, [this] {
        m_folders.clear();
        m_folderSet->hide();
        apply();
    });
    connect(m_proxy, &PersonFilterProxy::pinsChanged, this, &FilterBar::refreshCounts);
    connect(m_sort, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_proxy->setSortKey(static_cast<PersonFilterProxy::SortKey>(index));
    });
}

PersonFilter FilterBar::filter() const
{
    PersonFilter f;
    f.gender = comboValue<Gender>(m_gender);
    f.ageGroup = comboValue<AgeGroup>(m_ageGroup);
    f.mask = comboValue<MaskState>(m_mask);
    const int cls = m_class->currentData().toInt();
    f.classIndex = cls < 0 ? std::nullopt : std::optional<int>(cls);
    f.minAge = m_minAge->value();
    f.maxAge = m_maxAge->value();
    f.text = m_text->text().trimmed();
    f.editedOnly = m_edited->isChecked();
    f.problemsOnly = m_problems->isChecked();
    f.folderSet = m_folders;
    f.folderSetName = m_folderSetName;
    return f;
}

void FilterBar::setFilter(const PersonFilter &f)
{
    m_updating = true;
    selectValue(m_gender, f.gender ? int(*f.gender) : -1);
    selectValue(m_ageGroup, f.ageGroup ? int(*f.ageGroup) : -1);
    selectValue(m_mask, f.mask ? int(*f.mask) : -1);
    selectValue(m_class, f.classIndex.value_or(-1));
    m_minAge->setValue(f.minAge);
    m_maxAge->setValue(f.maxAge);
    m_text->setText(f.text);
    m_edited->setChecked(f.editedOnly);
    m_problems->setChecked(f.problemsOnly);
    m_folders = f.folderSet;
    m_folderSetName = f.folderSetName;
    m_folderSet->setText(
        tr("%1 (%2) \u2715")
            .arg(f.folderSetName, counted(f.folderSet.size(), tr("person"), tr("persons"))));
    m_folderSet->setVisible(!f.folderSet.isEmpty());
    m_updating = false;
    apply();
}

void FilterBar::apply()
{
    if (m_updating)
        return;
    m_proxy->setFilter(filter());
    refreshCounts();
    emit filterChanged();
}

void FilterBar::refreshCounts()
{
    using D = PersonFilter::Dimension;
    const std::pair<QComboBox *, D> combos[] = {
        {m_gender, D::Gender}, {m_ageGroup, D::AgeGroup}, {m_mask, D::Mask}, {m_class, D::Class}};
    for (const auto &[combo, dimension] : combos) {
        const std::vector<int> counts = m_proxy->optionCounts(dimension);
        for (int i = 1; i < combo->count(); ++i) {
            const QString name = combo->itemText(i).section(QStringLiteral(" ("), 0, 0);
            combo->setItemText(i, QStringLiteral("%1 (%2)").arg(name).arg(
                                      counts[size_t(combo->itemData(i).toInt())]));
        }
    }
    const int total = m_proxy->sourceModel() ? m_proxy->sourceModel()->rowCount() : 0;
    const int kept = m_proxy->pinnedOutsideCount(); // edited, shown until the cursor moves on
    m_matches->setText(tr("%1 of %2 persons").arg(m_proxy->rowCount() - kept).arg(total) +
                       (kept > 0 ? tr(" (+%1 edited, no longer matching)").arg(kept) : QString()));
}

} // namespace masklab::ui
