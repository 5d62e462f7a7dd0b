#pragma once
// Ranks label errors from out-of-fold probabilities, using what is known about the data:
// - gender and age belong to the person, so the 7 photos' evidence is pooled before judging;
// - each class is judged against its own threshold (confident learning: the mean probability the
//   model gives the class on the photos labelled with it), so a class the model is timid about
//   is not drowned by a confident one;
// - age is a number: the farther the stated age is from the suggested group, the stronger the
//   suspicion (a stated 59 the model calls old is a weak suspect, a stated 25 a strong one);
// - a mask state is fixed by the photo's file name, so a mask error is mostly a swap of two of
//   the person's photos, scored as an assignment against the one the names give.
// Those choose the suspects and their order; a suspect's score is then the probability that its
// label is wrong (errorprobability.h), and their sum estimates how many errors there are.

#include "errorestimate.h"
#include "labeleddataset.h"
#include "outoffold.h"
#include "suspect.h"

namespace masklab::finder {

// Confident learning's per-class thresholds: the mean predicted probability of each class over
// the photos labelled with it (1/classes for a class no photo has).
struct ClassThresholds
{
    std::array<double, kMaskStateCount> mask{};
    std::array<double, kGenderCount> gender{};
    std::array<double, kAgeGroupCount> age{};
};

struct ScoringOptions
{
    // The age distance scale: a suggested group `d` years from the stated age keeps
    // 1 - exp(-d / ageScaleYears) of its probability. 5 years is about how far apparent age
    // (what a model sees) strays from the real age, so within a few years of a boundary the
    // model's group says little about the label.
    double ageScaleYears = 5;
};

struct ScoringResult
{
    std::vector<Suspect> suspects; // ranked, best first
    ClassThresholds thresholds;
    int persons = 0;            // persons with at least one prediction
    int photos = 0;             // predictions used
    QStringList unknownFolders; // predicted folders the dataset no longer has
    ErrorEstimate estimate;     // how many of the suspects are likely real errors
};

ClassThresholds classThresholds(const std::vector<PhotoPrediction> &predictions,
                                const LabeledDataset &labels, const AgeThresholds &ages);

// Scores every person against its effective labels (excluded photos are left out).
ScoringResult scoreSuspects(const std::vector<PhotoPrediction> &predictions,
                            const LabeledDataset &labels, const AgeThresholds &ages,
                            const ScoringOptions &options = {});

} // namespace masklab::finder
