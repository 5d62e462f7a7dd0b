#pragma once
// Counts over the effective labels, for the EDA charts and their CSV exports: the 18 classes,
// mask states, genders, age groups, gender x age group, and ages year by year.

#include "labeleddataset.h"

#include <QString>

#include <array>
#include <vector>

namespace masklab {

struct LabelStatistics
{
    AgeThresholds thresholds;
    int persons = 0; // persons with a folder
    int images = 0;  // present photos not excluded from training
    int excludedImages = 0;
    std::array<int, kClassCount> classImages{};
    std::array<int, kMaskStateCount> maskImages{};
    std::array<int, kGenderCount> genderPersons{};
    std::array<int, kAgeGroupCount> agePersons{};
    std::array<std::array<int, kAgeGroupCount>, kGenderCount> genderAgePersons{};
    std::vector<int> ageHistogram; // persons per year of age, index = age (0..max age)

    // Largest class over smallest non-empty class; 0 when there are no images.
    double imbalanceRatio() const;
    int largestClass() const;
    int smallestClass() const; // smallest non-empty; -1 when none
};

LabelStatistics computeLabelStatistics(const LabeledDataset &labels,
                                       const AgeThresholds &thresholds);
// The same counts for the labels as the dataset has them, before any edit.
LabelStatistics computeOriginalStatistics(const LabeledDataset &labels,
                                          const AgeThresholds &thresholds);

// CSV tables; with original given, an "original" column precedes "count".
QString classCountsCsv(const LabelStatistics &stats, const LabelStatistics *original = nullptr);
QString maskCountsCsv(const LabelStatistics &stats, const LabelStatistics *original = nullptr);
QString genderCountsCsv(const LabelStatistics &stats, const LabelStatistics *original = nullptr);
QString ageGroupCountsCsv(const LabelStatistics &stats, const LabelStatistics *original = nullptr);
QString genderAgeCsv(const LabelStatistics &stats);
QString ageHistogramCsv(const LabelStatistics &stats, const LabelStatistics *original = nullptr);

} // namespace masklab
