#pragma once
// The probability that a given label is wrong, from out-of-fold evidence. A model's
// probabilities are not that: they are over- or under-confident (a person's 7 photos are one face,
// not 7 witnesses), and they say nothing of how rare errors are. So, per head:
// - a person-level calibration, q = softmax(scale * s + bias) over s, the person's mean
//   log-probability per class, fitted to the given labels (temperature scaling with a class
//   bias: one scale, one bias per class, fitted by maximum likelihood on the run's own persons);
// - a noise model: a label is wrong with probability `rate`, then any other class alike; Bayes'
//   rule turns q and the given label into P(wrong);
// - the rate itself estimated from the data, together with the calibration (expectation-
//   maximisation), so the probabilities add up to the errors the evidence supports, not to a
//   number assumed beforehand. A weak model sees fewer errors than there are: its estimate is a
//   floor, not a count.

#include <functional>
#include <utility>
#include <vector>

namespace masklab::finder {

class HeadCalibration
{
public:
    HeadCalibration() = default;
    HeadCalibration(double scale, std::vector<double> bias)
        : m_scale(scale), m_bias(std::move(bias))
    {
    }

    // Fits scale and biases by maximum likelihood (Newton's method) to items (persons or
    // photos) with their mean log-probabilities per class and, per class, the probability that
    // it is the item's true one (1 for the given class when the labels are trusted).
    static HeadCalibration fit(const std::vector<std::vector<double>> &meanLogProbabilities,
                               const std::vector<std::vector<double>> &targets,
                               const HeadCalibration &start);

    std::vector<double> apply(const std::vector<double> &meanLogProbabilities) const;
    double scale() const { return m_scale; }
    const std::vector<double> &bias() const { return m_bias; }

private:
    double m_scale = 1;
    std::vector<double> m_bias;
};

// A head's calibration and its error rate, fitted together by expectation-maximisation under the
// noise model: a wrong label does not pull the calibration towards it, it counts as an error.
struct NoisyHeadFit
{
    HeadCalibration calibration;
    double rate = 0;
};
NoisyHeadFit fitWithErrors(const std::vector<std::vector<double>> &meanLogProbabilities,
                           const std::vector<int> &given,
                           const std::vector<std::vector<double>> &alternativeWeights = {});

// Per class, the probability that it is the item's true one, given its label and calibrated q,
// when a label is wrong at `rate` and a wrong label is any other class alike. alternativeWeight
// (optional, per class) scales how plausible each other class is as the truth behind the given
// label (age: near the stated age's group, less).
std::vector<double> trueClassProbabilities(const std::vector<double> &q, int given, double rate,
                                           const std::vector<double> &alternativeWeight = {});

// P(the given class is wrong | calibrated q) when a label is wrong at `rate` and a wrong label
// is any other class alike. alternativeWeight (optional, per class) scales how plausible each
// other class is as the truth behind the given label (age: near the stated age's group, less).
double wrongProbability(const std::vector<double> &q, int given, double rate,
                        const std::vector<double> &alternativeWeight = {});

// The same for an exchange of two labels with the given log-likelihood ratio (exchanged against
// as given).
double exchangeProbability(double logLikelihoodRatio, double rate);

// The rate at which meanWrong(rate), the mean P(wrong) over all items at that rate, gives the
// rate back (at least kLowestRate).
double estimateErrorRate(const std::function<double(double rate)> &meanWrong);
constexpr double kLowestRate = 1e-4;

} // namespace masklab::finder
