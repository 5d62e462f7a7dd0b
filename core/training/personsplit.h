#pragma once
// Train/validation splits by person, never by image: all 7 photos of a person are on one side.
// Stratified by the person's gender x age group, so rare groups (old men) appear on both sides.

#include "labeleddataset.h"

#include <QHash>

#include <cstdint>
#include <optional>
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

// A fold file pins every person's fold: CSV "folder,fold" with folds numbered from 0.
using FoldOfFolder = QHash<QString, int>;
// The folds kFoldSplit draws (the same for a seed), by folder.
FoldOfFolder drawFolds(const LabeledDataset &labels, const AgeThresholds &thresholds, int folds,
                       uint64_t seed);
// A fold file's text for these folds, in the dataset's person order.
QString foldFileText(const LabeledDataset &labels, const FoldOfFolder &foldOf);
// Reads a fold file; a missing column, a folder twice or a fold outside 0..folds-1 is an error
// naming the file and the line.
std::optional<FoldOfFolder> readFoldFile(const QString &path, int folds, QString *error);
// The split of `fold` by a fold file. Every person with a folder must have a fold (error names
// the first that has none); folders the dataset lacks are ignored.
std::optional<PersonSplit> foldFileSplit(const LabeledDataset &labels, const FoldOfFolder &foldOf,
                                         int fold, QString *error);

} // namespace masklab
