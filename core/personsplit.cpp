#include "personsplit.h"

#include "random.h"

#include <algorithm>
#include <cmath>

namespace masklab {

namespace {

// Persons grouped by gender x age group, each group shuffled with the seed.
std::vector<std::vector<int>> shuffledGroups(const LabeledDataset &labels,
                                             const AgeThresholds &thresholds, uint64_t seed)
{
    std::vector<std::vector<int>> groups(kGenderCount * kAgeGroupCount);
    for (int i = 0; i < labels.personCount(); ++i) {
        if (!labels.person(i).hasFolder)
            continue;
        const int group =
            int(labels.gender(i)) * kAgeGroupCount + int(thresholds.groupOf(labels.age(i)));
        groups[size_t(group)].push_back(i);
    }
    for (size_t g = 0; g < groups.size(); ++g) {
        Rng rng(mixSeed(seed, 100 + g));
        std::vector<int> &members = groups[g];
        for (size_t i = members.size(); i > 1; --i)
            std::swap(members[i - 1], members[size_t(rng.range(0, int(i) - 1))]);
    }
    return groups;
}

void sortSides(PersonSplit &split)
{
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.validation.begin(), split.validation.end());
}

} // namespace

PersonSplit splitPersons(const LabeledDataset &labels, const AgeThresholds &thresholds,
                         double validationFraction, uint64_t seed)
{
    PersonSplit split;
    const double fraction = std::clamp(validationFraction, 0.0, 1.0);
    for (const std::vector<int> &members : shuffledGroups(labels, thresholds, seed)) {
        int take = int(std::lround(fraction * double(members.size())));
        if (fraction > 0 && take == 0 && members.size() >= 2)
            take = 1; // a rare group still gets validated
        for (size_t i = 0; i < members.size(); ++i)
            (int(i) < take ? split.validation : split.train).push_back(members[i]);
    }
    sortSides(split);
    return split;
}

PersonSplit kFoldSplit(const LabeledDataset &labels, const AgeThresholds &thresholds, int folds,
                       int fold, uint64_t seed)
{
    PersonSplit split;
    if (folds < 2 || fold < 0 || fold >= folds)
        return split;
    int offset = 0; // rotate so small groups do not always fill fold 0 first
    for (const std::vector<int> &members : shuffledGroups(labels, thresholds, seed)) {
        for (size_t i = 0; i < members.size(); ++i)
            ((int(i) + offset) % folds == fold ? split.validation : split.train)
                .push_back(members[i]);
        offset += int(members.size());
    }
    sortSides(split);
    return split;
}

} // namespace masklab
