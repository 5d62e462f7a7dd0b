#include "labeleddataset.h"

namespace masklab {

QString canonicalValue(Gender gender)
{
    return genderName(gender);
}

QString canonicalValue(MaskState mask)
{
    return maskStateName(mask);
}

QString canonicalValue(bool excluded)
{
    return excluded ? QStringLiteral("true") : QStringLiteral("false");
}

LabeledDataset::LabeledDataset() : m_dataset(std::make_shared<Dataset>()) {}

LabeledDataset::LabeledDataset(std::shared_ptr<const Dataset> dataset, LabelOverlay overlay)
    : m_dataset(std::move(dataset)), m_overlay(std::move(overlay))
{
    for (int i = 0; i < personCount(); ++i)
        m_indexOfFolder.insert(person(i).folder, i);
}

int LabeledDataset::indexOf(const QString &folder) const
{
    return m_indexOfFolder.value(folder, -1);
}

std::optional<FieldEdit> LabeledDataset::edit(int index, int slot, EditField field) const
{
    if (m_overlay.isEmpty())
        return std::nullopt;
    return m_overlay.find(person(index).folder, slot, field);
}

QString LabeledDataset::originalValue(int index, int slot, EditField field) const
{
    const Person &p = person(index);
    switch (field) {
    case EditField::Gender:
        return canonicalValue(p.gender);
    case EditField::Age:
        return QString::number(p.age);
    case EditField::Race:
        return p.race;
    case EditField::Mask:
        return canonicalValue(maskStateOfSlot(slot));
    case EditField::Excluded:
        return canonicalValue(false);
    }
    return {};
}

QString LabeledDataset::value(int index, int slot, EditField field) const
{
    const auto e = edit(index, slot, field);
    return e ? e->to : originalValue(index, slot, field);
}

Gender LabeledDataset::gender(int index) const
{
    const auto e = edit(index, -1, EditField::Gender);
    return e ? parseGender(e->to).value_or(person(index).gender) : person(index).gender;
}

int LabeledDataset::age(int index) const
{
    const auto e = edit(index, -1, EditField::Age);
    return e ? e->to.toInt() : person(index).age;
}

QString LabeledDataset::race(int index) const
{
    return value(index, -1, EditField::Race);
}

MaskState LabeledDataset::mask(int index, int slot) const
{
    const auto e = edit(index, slot, EditField::Mask);
    return e ? parseMaskState(e->to).value_or(maskStateOfSlot(slot)) : maskStateOfSlot(slot);
}

bool LabeledDataset::excluded(int index, int slot) const
{
    const auto e = edit(index, slot, EditField::Excluded);
    return e && e->to == QLatin1String("true");
}

ClassLabel LabeledDataset::label(int index, int slot, const AgeThresholds &thresholds) const
{
    return ClassLabel{mask(index, slot), gender(index), thresholds.groupOf(age(index))};
}

bool LabeledDataset::isEdited(int index) const
{
    return !m_overlay.isEmpty() && m_overlay.find(person(index).folder) != nullptr;
}

bool LabeledDataset::isEdited(int index, int slot) const
{
    return edit(index, slot, EditField::Mask) || edit(index, slot, EditField::Excluded);
}

bool LabeledDataset::setValue(int index, int slot, EditField field, const QString &value)
{
    if (index < 0 || index >= personCount())
        return false;
    if (!isValidFieldValue(field, value))
        return false;
    return m_overlay.set(person(index).folder, slot, field, originalValue(index, slot, field),
                         value);
}

bool LabeledDataset::setGender(int index, Gender gender)
{
    return setValue(index, -1, EditField::Gender, canonicalValue(gender));
}

bool LabeledDataset::setAge(int index, int age)
{
    return setValue(index, -1, EditField::Age, QString::number(age));
}

bool LabeledDataset::setMask(int index, int slot, MaskState mask)
{
    return setValue(index, slot, EditField::Mask, canonicalValue(mask));
}

bool LabeledDataset::setExcluded(int index, int slot, bool excluded)
{
    return setValue(index, slot, EditField::Excluded, canonicalValue(excluded));
}

QStringList LabeledDataset::orphanedFolders() const
{
    QStringList orphans;
    for (const QString &folder : m_overlay.folders()) {
        if (!m_indexOfFolder.contains(folder))
            orphans << folder;
    }
    return orphans;
}

} // namespace masklab
