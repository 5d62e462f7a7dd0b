#include "labels.h"

namespace masklab {

AgeGroup AgeThresholds::groupOf(int age) const
{
    if (age >= oldFrom)
        return AgeGroup::Old;
    if (age >= middleFrom)
        return AgeGroup::Middle;
    return AgeGroup::Young;
}

int classIndex(MaskState mask, Gender gender, AgeGroup age)
{
    return static_cast<int>(mask) * (kGenderCount * kAgeGroupCount) +
           static_cast<int>(gender) * kAgeGroupCount + static_cast<int>(age);
}

int classIndex(const ClassLabel &label)
{
    return classIndex(label.mask, label.gender, label.age);
}

std::optional<ClassLabel> classLabel(int index)
{
    if (index < 0 || index >= kClassCount)
        return std::nullopt;
    ClassLabel label;
    label.mask = static_cast<MaskState>(index / (kGenderCount * kAgeGroupCount));
    label.gender = static_cast<Gender>((index / kAgeGroupCount) % kGenderCount);
    label.age = static_cast<AgeGroup>(index % kAgeGroupCount);
    return label;
}

QString maskStateName(MaskState mask)
{
    switch (mask) {
    case MaskState::Wear:
        return QStringLiteral("mask");
    case MaskState::Incorrect:
        return QStringLiteral("incorrect");
    case MaskState::NotWear:
        return QStringLiteral("normal");
    }
    return {};
}

QString genderName(Gender gender)
{
    return gender == Gender::Male ? QStringLiteral("male") : QStringLiteral("female");
}

QString ageGroupName(AgeGroup age)
{
    switch (age) {
    case AgeGroup::Young:
        return QStringLiteral("young");
    case AgeGroup::Middle:
        return QStringLiteral("middle");
    case AgeGroup::Old:
        return QStringLiteral("old");
    }
    return {};
}

QString ageGroupRange(AgeGroup age, const AgeThresholds &t)
{
    switch (age) {
    case AgeGroup::Young:
        return QStringLiteral("<%1").arg(t.middleFrom);
    case AgeGroup::Middle:
        return QStringLiteral("%1-%2").arg(t.middleFrom).arg(t.oldFrom - 1);
    case AgeGroup::Old:
        return QStringLiteral(">=%1").arg(t.oldFrom);
    }
    return {};
}

QString className(int index)
{
    const auto label = classLabel(index);
    if (!label)
        return {};
    return maskStateName(label->mask) + u'_' + genderName(label->gender) + u'_' +
           ageGroupName(label->age);
}

std::optional<Gender> parseGender(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("male"))
        return Gender::Male;
    if (t == QLatin1String("female"))
        return Gender::Female;
    return std::nullopt;
}

std::optional<MaskState> parseMaskState(const QString &text)
{
    const QString t = text.trimmed().toLower();
    for (MaskState m : {MaskState::Wear, MaskState::Incorrect, MaskState::NotWear}) {
        if (t == maskStateName(m))
            return m;
    }
    return std::nullopt;
}

} // namespace masklab
