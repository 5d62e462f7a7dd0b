#pragma once
// How many of a finder run's suspects are likely real errors: the sum of the probabilities that
// each given label is wrong (errorprobability.h), per kind, and the share of wrong labels each
// kind's evidence supports. Kept beside the list (<run>/estimate.json) so reopening shows it.
// An estimate needs enough persons to calibrate on; when there are too few it says why instead.

#include "suspect.h"

#include <QString>

#include <array>
#include <optional>

namespace masklab::finder {

struct ErrorEstimate
{
    bool known = false;
    QString whyUnknown;                             // set when !known, in the user's words
    double expected = 0;                            // errors over all kinds
    std::array<double, kSuspectKindCount> byKind{}; // duplicates: 0, they are not estimated
    std::array<double, kSuspectKindCount> rate{};   // the share of wrong labels, per kind

    // How many of the list's model suspects make the default view: the expected errors with a
    // margin of a half, since the list's top is where the real ones are, not all of it.
    int likelyCount() const;
    // "about 11 likely errors (gender 4.7, mask-swap 6.0, ...)".
    QString summary() const;
};

// The persons a calibration needs: with fewer, a fit of scale and biases is mostly noise.
constexpr int kFewestPersonsToEstimate = 50;

ErrorEstimate unknownEstimate(const QString &why);

// The lowest score the default view shows, for the model's suspects of a ranked list (duplicates
// are shown whatever their score): the score of the likelyCount()-th, or above every score when
// none is likely. 0 (everything) when the estimate is unknown.
double likelyCutoff(const std::vector<Suspect> &ranked, const ErrorEstimate &estimate);

QByteArray errorEstimateJson(const ErrorEstimate &estimate);
// A missing file is no error: the list came from an older MaskLab and says so (not known).
std::optional<ErrorEstimate> readErrorEstimate(const QString &path, QString *error);

} // namespace masklab::finder
