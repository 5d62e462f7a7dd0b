#include "personfilter.h"

namespace masklab {

bool PersonFilter::isActive() const
{
    return gender || ageGroup || minAge > 0 || maxAge < 200 || mask || classIndex ||
           !text.isEmpty() || editedOnly || problemsOnly || !folderSet.isEmpty();
}

bool PersonFilter::matches(const LabeledDataset &labels, int person,
                           const AgeThresholds &thresholds, int problemCount,
                           std::optional<Dimension> ignore) const
{
    auto use = [&](Dimension d) { return !ignore || *ignore != d; };
    if (!folderSet.isEmpty() && !folderSet.contains(labels.person(person).folder))
        return false;
    const int age = labels.age(person);
    if (use(Dimension::Gender) && gender && labels.gender(person) != *gender)
        return false;
    if (use(Dimension::AgeGroup) && ageGroup && thresholds.groupOf(age) != *ageGroup)
        return false;
    if (use(Dimension::AgeRange) && (age < minAge || age > maxAge))
        return false;
    if (use(Dimension::Edited) && editedOnly && !labels.isEdited(person))
        return false;
    if (use(Dimension::Problems) && problemsOnly && problemCount == 0)
        return false;
    if (use(Dimension::Text) && !text.isEmpty()) {
        const Person &p = labels.person(person);
        if (!p.folder.contains(text, Qt::CaseInsensitive) && p.id != text.trimmed())
            return false;
    }
    const bool wantMask = use(Dimension::Mask) && mask;
    const bool wantClass = use(Dimension::Class) && classIndex;
    if (!wantMask && !wantClass)
        return true;
    bool maskFound = !wantMask;
    bool classFound = !wantClass;
    for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
        if (labels.excluded(person, slot) ||
            labels.person(person).photos[size_t(slot)].fileName.isEmpty())
            continue;
        const ClassLabel label = labels.label(person, slot, thresholds);
        maskFound = maskFound || label.mask == *mask;
        classFound = classFound || classIndex == std::optional<int>(masklab::classIndex(label));
    }
    return maskFound && classFound;
}

} // namespace masklab
