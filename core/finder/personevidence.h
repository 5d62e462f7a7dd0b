#pragma once
// The finder's evidence about one person, gathered before any suspect is judged, and the error
// model fitted to all of them: what turns evidence into the probability that a label is wrong.
// Internal to the suspect scoring (suspectscoring.h).

#include "errorestimate.h"
#include "errorprobability.h"
#include "suspectscoring.h"

#include <limits>

namespace masklab::finder {

constexpr double kFloor = 1e-6; // keeps log() finite for a probability rounded to 0

// One photo of a person with its head probabilities.
struct PersonPhoto
{
    int slot = -1;
    HeadProbabilities p;
};

// p_c / t_c renormalised: how many times its usual confidence the model gives each class.
std::vector<double> calibrate(const double *p, const double *t, int n);

// What scoring needs of one person before any probability: the pooled evidence per head and the
// best exchange of two photos' mask states.
struct PersonEvidence
{
    int person = -1;
    std::vector<PersonPhoto> photos;
    int gender = 0;
    int ageGroup = 0;
    std::vector<double> genderLog, ageLog; // per class, the photos' mean log-probability
    std::vector<double> ageWeight;         // per group, how plausible as the truth (years away)
    double swapGain = -std::numeric_limits<double>::infinity();
    size_t swapFirst = 0, swapSecond = 0;
    std::vector<std::vector<double>> maskQ; // per photo, threshold-calibrated
    std::vector<int> maskGiven;
};

PersonEvidence personEvidence(const LabeledDataset &labels, int person,
                              std::vector<PersonPhoto> photos, const ClassThresholds &t,
                              const AgeThresholds &ages, const ScoringOptions &options);

// The calibrations and error rates of every kind, fitted to all persons of the run (rate: by
// SuspectKind), and what they make of one person.
struct ErrorModel
{
    HeadCalibration gender, age;
    std::array<double, kSuspectKindCount> rate{};

    double genderWrong(const PersonEvidence &p) const;
    double ageWrong(const PersonEvidence &p) const;
    double swapWrong(const PersonEvidence &p) const;
    double maskWrong(const PersonEvidence &p, size_t photo) const;
};

ErrorModel fitErrorModel(const std::vector<PersonEvidence> &persons);

// The sum of the probabilities, per kind; unknown with too few persons to calibrate on.
ErrorEstimate estimateErrors(const std::vector<PersonEvidence> &persons, const ErrorModel &model);

} // namespace masklab::finder
