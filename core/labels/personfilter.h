#pragma once
// Which persons the browser shows: combinable criteria on the effective labels.

#include "labeleddataset.h"

#include <QSet>
#include <QString>

#include <optional>

namespace masklab {

struct PersonFilter
{
    enum class Dimension
    {
        Gender,
        AgeGroup,
        AgeRange,
        Mask,
        Class,
        Text,
        Edited,
        Problems
    };

    std::optional<Gender> gender;
    std::optional<AgeGroup> ageGroup;
    int minAge = 0;
    int maxAge = 200;
    std::optional<MaskState> mask; // a photo in this state (not excluded)
    std::optional<int> classIndex; // a photo of this class (not excluded)
    QString text;                  // in the folder name or id
    bool editedOnly = false;
    bool problemsOnly = false;
    // A given set of persons by folder name (e.g. the photos of a confusion-matrix cell);
    // empty = all. folderSetName says where the set came from.
    QSet<QString> folderSet;
    QString folderSetName;

    bool isActive() const;
    // ignore leaves one criterion out: the counts next to a filter's options use it, so each
    // option says how many persons it would show with the other filters as they are.
    bool matches(const LabeledDataset &labels, int person, const AgeThresholds &thresholds,
                 int problemCount, std::optional<Dimension> ignore = std::nullopt) const;
};

} // namespace masklab
