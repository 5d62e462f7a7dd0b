// The probability that a label is wrong: the calibration fit, Bayes' rule under the noise model,
// and the error rate estimated back from labels made wrong at a known rate.

#include "errorprobability.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace masklab::finder;

namespace {

// Items of an over-confident model: its log-probabilities are 3 times a calibrated model's, whose
// logits are `gap` for the true class plus noise; labels are wrong at `rate`.
struct Drawn
{
    std::vector<std::vector<double>> s;
    std::vector<int> given, truth;
};

Drawn draw(int items, int classes, double rate, unsigned seed, double gap = 4)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0, 1.0);
    std::uniform_real_distribution<double> unit(0, 1);
    Drawn d;
    for (int i = 0; i < items; ++i) {
        const int truth = int(rng() % unsigned(classes));
        std::vector<double> z(static_cast<size_t>(classes));
        for (int k = 0; k < classes; ++k)
            z[size_t(k)] = 3 * ((k == truth ? gap : 0.0) + noise(rng));
        // As log-probabilities (normalised), as a model's mean log-probability would be.
        const double top = *std::max_element(z.begin(), z.end());
        double sum = 0;
        for (double v : z)
            sum += std::exp(v - top);
        for (double &v : z)
            v = v - top - std::log(sum);
        int given = truth;
        if (unit(rng) < rate)
            given = (truth + 1 + int(rng() % unsigned(classes - 1))) % classes;
        d.s.push_back(z);
        d.given.push_back(given);
        d.truth.push_back(truth);
    }
    return d;
}

std::vector<std::vector<double>> oneHot(const Drawn &d)
{
    std::vector<std::vector<double>> targets;
    for (int given : d.given) {
        targets.emplace_back(d.s.front().size(), 0.0);
        targets.back()[size_t(given)] = 1;
    }
    return targets;
}

double meanLogLikelihood(const HeadCalibration &c, const Drawn &d)
{
    double sum = 0;
    for (size_t i = 0; i < d.s.size(); ++i)
        sum += std::log(c.apply(d.s[i])[size_t(d.given[i])]);
    return sum / double(d.s.size());
}

} // namespace

class TestErrorProbability : public QObject
{
    Q_OBJECT
private slots:
    void bayesRuleByHand()
    {
        // q = (0.2, 0.8), given 0, rate 0.1: wrong 0.8 * 0.1 against right 0.2 * 0.9.
        QVERIFY(std::abs(wrongProbability({0.2, 0.8}, 0, 0.1) - 0.08 / (0.08 + 0.18)) < 1e-12);
        // Three classes: a wrong label is either other class alike.
        QVERIFY(std::abs(wrongProbability({0.5, 0.3, 0.2}, 0, 0.1) - 0.025 / (0.025 + 0.45)) <
                1e-12);
        // A weight of 0 on the alternatives (the stated age sits in their group): never wrong.
        QCOMPARE(wrongProbability({0.1, 0.9, 0.0}, 0, 0.2, {0, 0, 0}), 0.0);
        // An exchange with no evidence either way keeps the prior; strong evidence beats it.
        QVERIFY(std::abs(exchangeProbability(0, 0.02) - 0.02) < 1e-12);
        QVERIFY(exchangeProbability(20, 0.02) > 0.9999);
        QVERIFY(exchangeProbability(-1000, 0.02) >= 0);
    }

    void theFitIsTheBestScaleAndBias()
    {
        const Drawn d = draw(600, 3, 0.0, 1, 2);
        const HeadCalibration fitted = HeadCalibration::fit(d.s, oneHot(d), HeadCalibration());
        const double best = meanLogLikelihood(fitted, d);
        // No nearby scale or bias does better: the fit found the optimum.
        for (double ds : {-0.02, 0.0, 0.02})
            for (int k = 0; k < 3; ++k)
                for (double db : {-0.1, 0.1}) {
                    std::vector<double> bias = fitted.bias();
                    bias[size_t(k)] += db;
                    const HeadCalibration near(fitted.scale() + ds, bias);
                    QVERIFY(meanLogLikelihood(near, d) <= best + 1e-6);
                }
        // The model is over-confident (its log-probabilities are 3 times what they should be):
        // the fit scales them down and beats them.
        QVERIFY2(fitted.scale() < 0.9, qPrintable(QString::number(fitted.scale())));
        const double raw = meanLogLikelihood(HeadCalibration(1, {0, 0, 0}), d);
        QVERIFY2(best > raw + 0.01, qPrintable(QStringLiteral("%1 vs %2").arg(best).arg(raw)));
    }

    void theErrorRateComesBack_data()
    {
        QTest::addColumn<double>("rate");
        QTest::newRow("1 %") << 0.01;
        QTest::newRow("3 %") << 0.03;
        QTest::newRow("10 %") << 0.10;
    }

    void theErrorRateComesBack()
    {
        QFETCH(double, rate);
        const Drawn d = draw(3000, 2, rate, 7);
        const NoisyHeadFit fit = fitWithErrors(d.s, d.given);
        const HeadCalibration &c = fit.calibration;
        const double estimated = fit.rate;
        QVERIFY2(std::abs(estimated - rate) < 0.4 * rate + 0.003,
                 qPrintable(QStringLiteral("%1 for %2").arg(estimated).arg(rate)));
        // And the probabilities rank the wrong labels first.
        std::vector<std::pair<double, bool>> ranked;
        int wrong = 0;
        for (size_t i = 0; i < d.s.size(); ++i) {
            ranked.push_back({wrongProbability(c.apply(d.s[i]), d.given[i], estimated),
                              d.given[i] != d.truth[i]});
            wrong += d.given[i] != d.truth[i] ? 1 : 0;
        }
        std::sort(ranked.begin(), ranked.end(), std::greater<>());
        int found = 0;
        for (int i = 0; i < wrong; ++i)
            found += ranked[size_t(i)].second ? 1 : 0;
        QVERIFY2(found >= 0.8 * wrong,
                 qPrintable(QStringLiteral("%1 of %2").arg(found).arg(wrong)));
    }
};

QTEST_GUILESS_MAIN(TestErrorProbability)
#include "tst_errorprobability.moc"
