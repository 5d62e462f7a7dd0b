#include "errorprobability.h"

#include <algorithm>
#include <cmath>

namespace masklab::finder {

namespace {

std::vector<double> softmax(std::vector<double> z)
{
    const double top = *std::max_element(z.begin(), z.end());
    double sum = 0;
    for (double &v : z)
        sum += v = std::exp(v - top);
    for (double &v : z)
        v /= sum;
    return z;
}

// A scale past this only says "the given labels separate perfectly", which a few hundred
// persons cannot show; it also keeps the fit finite when they do.
constexpr double kLargestScale = 8;

// The negative log-likelihood of soft targets, with its gradient and Hessian over the parameters
// (scale, bias of class 1..K-1; class 0's bias stays 0, softmax needs one fewer).
struct Objective
{
    double value = 0;
    std::vector<double> gradient;
    std::vector<std::vector<double>> hessian;
};

Objective objective(const HeadCalibration &c, const std::vector<std::vector<double>> &s,
                    const std::vector<std::vector<double>> &targets)
{
    const size_t classes = s.front().size(), n = classes; // parameters: scale + classes - 1
    Objective o;
    o.gradient.assign(n, 0.0);
    o.hessian.assign(n, std::vector<double>(n, 0.0));
    const auto feature = [&](size_t item, size_t k, size_t p) {
        return p == 0 ? s[item][k] : (p == k ? 1.0 : 0.0);
    };
    for (size_t i = 0; i < s.size(); ++i) {
        const std::vector<double> q = c.apply(s[i]);
        std::vector<double> mean(n, 0.0);
        for (size_t k = 0; k < classes; ++k) {
            o.value -= targets[i][k] * std::log(std::max(q[k], 1e-300));
            for (size_t p = 0; p < n; ++p) {
                o.gradient[p] += (q[k] - targets[i][k]) * feature(i, k, p);
                mean[p] += q[k] * feature(i, k, p);
            }
        }
        for (size_t k = 0; k < classes; ++k)
            for (size_t p = 0; p < n; ++p)
                for (size_t r = 0; r < n; ++r)
                    o.hessian[p][r] +=
                        q[k] * (feature(i, k, p) - mean[p]) * (feature(i, k, r) - mean[r]);
    }
    return o;
}

// Solves H x = g by Gaussian elimination (H is small and, damped, positive definite).
std::vector<double> solve(std::vector<std::vector<double>> h, std::vector<double> g)
{
    const size_t n = g.size();
    for (size_t p = 0; p < n; ++p)
        h[p][p] += 1e-9 + 1e-6 * std::abs(h[p][p]);
    for (size_t p = 0; p < n; ++p) {
        for (size_t r = p + 1; r < n; ++r) {
            const double f = h[r][p] / h[p][p];
            for (size_t c = p; c < n; ++c)
                h[r][c] -= f * h[p][c];
            g[r] -= f * g[p];
        }
    }
    std::vector<double> x(n);
    for (size_t p = n; p-- > 0;) {
        double v = g[p];
        for (size_t c = p + 1; c < n; ++c)
            v -= h[p][c] * x[c];
        x[p] = v / h[p][p];
    }
    return x;
}

} // namespace

HeadCalibration HeadCalibration::fit(const std::vector<std::vector<double>> &s,
                                     const std::vector<std::vector<double>> &targets,
                                     const HeadCalibration &start)
{
    HeadCalibration c = start;
    if (s.empty())
        return c;
    c.m_bias.resize(s.front().size(), 0.0);
    for (int iteration = 0; iteration < 50; ++iteration) {
        const Objective o = objective(c, s, targets);
        const std::vector<double> step = solve(o.hessian, o.gradient);
        // Newton's step, halved until the likelihood improves (it may overshoot far from the
        // optimum); the scale stays within (0, kLargestScale].
        bool improved = false;
        for (double length = 1; length > 1e-4 && !improved; length /= 2) {
            HeadCalibration next = c;
            next.m_scale = std::clamp(c.m_scale - length * step[0], 0.01, kLargestScale);
            for (size_t k = 1; k < c.m_bias.size(); ++k)
                next.m_bias[k] = c.m_bias[k] - length * step[k];
            if (objective(next, s, targets).value < o.value - 1e-12) {
                c = next;
                improved = true;
            }
        }
        if (!improved)
            break;
    }
    return c;
}

std::vector<double> HeadCalibration::apply(const std::vector<double> &s) const
{
    std::vector<double> z(s.size());
    for (size_t k = 0; k < s.size(); ++k)
        z[k] = m_scale * s[k] + (k < m_bias.size() ? m_bias[k] : 0.0);
    return softmax(z);
}

std::vector<double> trueClassProbabilities(const std::vector<double> &q, int given, double rate,
                                           const std::vector<double> &alternativeWeight)
{
    const size_t classes = q.size();
    std::vector<double> p(classes);
    double total = 0;
    for (size_t k = 0; k < classes; ++k) {
        const double weight = alternativeWeight.empty() ? 1.0 : alternativeWeight[k];
        p[k] = int(k) == given ? q[k] * (1 - rate) : q[k] * weight * rate / double(classes - 1);
        total += p[k];
    }
    for (size_t k = 0; k < classes; ++k) // no evidence at all: the label stands
        p[k] = total > 0 ? p[k] / total : (int(k) == given ? 1.0 : 0.0);
    return p;
}

double wrongProbability(const std::vector<double> &q, int given, double rate,
                        const std::vector<double> &alternativeWeight)
{
    return 1 - trueClassProbabilities(q, given, rate, alternativeWeight)[size_t(given)];
}

double exchangeProbability(double logLikelihoodRatio, double rate)
{
    const double logit = logLikelihoodRatio + std::log(rate / (1 - rate));
    return 1.0 / (1.0 + std::exp(-std::clamp(logit, -700.0, 700.0)));
}

NoisyHeadFit fitWithErrors(const std::vector<std::vector<double>> &s, const std::vector<int> &given,
                           const std::vector<std::vector<double>> &alternativeWeights)
{
    NoisyHeadFit fit;
    fit.rate = 0.01;
    if (s.empty())
        return fit;
    const size_t classes = s.front().size();
    std::vector<std::vector<double>> targets(s.size(), std::vector<double>(classes, 0.0));
    for (size_t i = 0; i < s.size(); ++i)
        targets[i][size_t(given[i])] = 1;
    fit.calibration = HeadCalibration::fit(s, targets, HeadCalibration());
    for (int round = 0; round < 30; ++round) {
        // E: how likely each item's true class is each class, given its label may be wrong.
        double wrongSum = 0;
        for (size_t i = 0; i < s.size(); ++i) {
            targets[i] = trueClassProbabilities(fit.calibration.apply(s[i]), given[i], fit.rate,
                                                alternativeWeights.empty() ? std::vector<double>()
                                                                           : alternativeWeights[i]);
            wrongSum += 1 - targets[i][size_t(given[i])];
        }
        // M: the rate and the calibration that best explain those.
        const double rate = std::clamp(wrongSum / double(s.size()), kLowestRate, 0.5);
        fit.calibration = HeadCalibration::fit(s, targets, fit.calibration);
        const bool settled = std::abs(rate - fit.rate) < 1e-6;
        fit.rate = rate;
        if (settled)
            break;
    }
    return fit;
}

double estimateErrorRate(const std::function<double(double rate)> &meanWrong)
{
    double rate = 0.01;
    for (int iteration = 0; iteration < 200; ++iteration) {
        const double next = std::clamp(meanWrong(rate), kLowestRate, 0.5);
        if (std::abs(next - rate) < 1e-7)
            return next;
        rate = next;
    }
    return rate;
}

} // namespace masklab::finder
