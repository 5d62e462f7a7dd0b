#pragma once
// Train/validation splits by person, never by image: all 7 photos of a person are on one side.
// Stratified by the person's gender x age group, so rare groups (old men) appear on both sides.

#include "labeleddataset.h"

#include <cstdint>
#include <vector>

namespace masklab {

struct PersonSplit
{
    std::vector<int> train;      // person indexes, ascending
    std::vector<int> validation; // person indexes, ascending
};

// A fraction of each gender x age group goes to validation (rounded, at least one person of a
// group with two or more). Persons without a folder are left out. Deterministic for a seed.
PersonSplit splitPersons(const LabeledDataset &labels, const AgeThresholds &thresholds,
                         double validationFraction, uint64_t seed);

// Fold `fold` of `folds`: that fold's persons validate, the rest train. The folds partition the
// persons, and each fold gets its share of every group.
PersonSplit kFoldSplit(const LabeledDataset &labels, const AgeThresholds &thresholds, int folds,
                       int fold, uint64_t seed);

} // namespace masklab
