#include "suspectfix.h"

#include "duplicates.h"

#include <algorithm>
#include <numeric>

namespace masklab::finder {

namespace {

std::optional<AgeGroup> parseAgeGroup(const QString &name)
{
    for (AgeGroup g : {AgeGroup::Young, AgeGroup::Middle, AgeGroup::Old})
        if (ageGroupName(g) == name)
            return g;
    return std::nullopt;
}

QString currentMaskStates(const Suspect &s, const LabeledDataset &labels, int person)
{
    QStringList states;
    for (int slot : s.photoSlots)
        states << maskStateName(labels.mask(person, slot));
    return states.join(u'+');
}

// The photos a duplicate suspect would exclude: its photo, or all of a person's.
std::vector<int> duplicatePhotos(const Suspect &s)
{
    if (!s.photoSlots.empty())
        return s.photoSlots;
    std::vector<int> all(kPhotoSlotCount);
    std::iota(all.begin(), all.end(), 0);
    return all;
}

} // namespace

int nearestAgeIn(AgeGroup group, int age, const AgeThresholds &ages)
{
    switch (group) {
    case AgeGroup::Young:
        return std::min(age, ages.middleFrom - 1);
    case AgeGroup::Middle:
        return std::clamp(age, ages.middleFrom, ages.oldFrom - 1);
    case AgeGroup::Old:
        return std::max(age, ages.oldFrom);
    }
    return age;
}

std::vector<SuggestedEdit> suggestedEdits(const Suspect &s, const LabeledDataset &labels,
                                          const AgeThresholds &ages)
{
    const int person = labels.indexOf(s.folder);
    if (person < 0)
        return {};
    std::vector<SuggestedEdit> edits;
    switch (s.kind) {
    case SuspectKind::Gender:
        edits.push_back({person, -1, EditField::Gender, s.suggested});
        break;
    case SuspectKind::Age:
        if (const auto group = parseAgeGroup(s.suggested))
            edits.push_back({person, -1, EditField::Age,
                             QString::number(nearestAgeIn(*group, labels.age(person), ages))});
        break;
    case SuspectKind::MaskSwap:
    case SuspectKind::Mask: {
        const QStringList states = s.suggested.split(u'+');
        for (size_t i = 0; i < s.photoSlots.size() && int(i) < states.size(); ++i)
            edits.push_back({person, s.photoSlots[i], EditField::Mask, states[int(i)]});
        break;
    }
    case SuspectKind::Duplicate:
        if (s.suggested == QLatin1String(kExcludeCopy))
            for (int slot : duplicatePhotos(s))
                edits.push_back({person, slot, EditField::Excluded, QStringLiteral("true")});
        break;
    }
    return edits;
}

bool labelChanged(const Suspect &s, const LabeledDataset &labels, const AgeThresholds &ages)
{
    const int person = labels.indexOf(s.folder);
    if (person < 0)
        return false;
    switch (s.kind) {
    case SuspectKind::Gender:
        return genderName(labels.gender(person)) != s.given;
    case SuspectKind::Age:
        return ageGroupName(ages.groupOf(labels.age(person))) != s.given;
    case SuspectKind::MaskSwap:
    case SuspectKind::Mask:
        return currentMaskStates(s, labels, person) != s.given;
    case SuspectKind::Duplicate:
        for (int slot : duplicatePhotos(s))
            if (labels.excluded(person, slot))
                return true;
        return false;
    }
    return false;
}

} // namespace masklab::finder
