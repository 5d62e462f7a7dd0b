#include "personevidence.h"

#include <cmath>
#include <functional>

namespace masklab::finder {

namespace {

template <size_t N>
std::vector<double> meanLog(const std::vector<PersonPhoto> &photos,
                            std::array<double, N> HeadProbabilities::*head)
{
    std::vector<double> s(N, 0.0);
    for (const PersonPhoto &photo : photos)
        for (size_t c = 0; c < N; ++c)
            s[c] += std::log(std::max((photo.p.*head)[c], kFloor)) / double(photos.size());
    return s;
}

// Years from `age` to the nearest age of `group`.
int yearsToGroup(int age, AgeGroup group, const AgeThresholds &ages)
{
    const int lowest = group == AgeGroup::Young    ? 0
                       : group == AgeGroup::Middle ? ages.middleFrom
                                                   : ages.oldFrom;
    const int highest = group == AgeGroup::Young    ? ages.middleFrom - 1
                        : group == AgeGroup::Middle ? ages.oldFrom - 1
                                                    : 1000;
    return age < lowest ? lowest - age : age > highest ? age - highest : 0;
}

} // namespace

// p_c / t_c renormalised: how many times its usual confidence the model gives each class.
std::vector<double> calibrate(const double *p, const double *t, int n)
{
    std::vector<double> q(static_cast<size_t>(n));
    double sum = 0;
    for (int c = 0; c < n; ++c)
        sum += q[size_t(c)] = std::max(p[c], kFloor) / t[c];
    for (double &v : q)
        v /= sum;
    return q;
}

PersonEvidence personEvidence(const LabeledDataset &labels, int person,
                              std::vector<PersonPhoto> photos, const ClassThresholds &t,
                              const AgeThresholds &ages, const ScoringOptions &options)
{
    PersonEvidence items;
    items.person = person;
    items.gender = int(labels.gender(person));
    items.ageGroup = int(ages.groupOf(labels.age(person)));
    items.genderLog = meanLog(photos, &HeadProbabilities::gender);
    items.ageLog = meanLog(photos, &HeadProbabilities::age);
    for (int g = 0; g < kAgeGroupCount; ++g)
        items.ageWeight.push_back(
            1.0 -
            std::exp(-yearsToGroup(labels.age(person), AgeGroup(g), ages) / options.ageScaleYears));
    for (const PersonPhoto &photo : photos) {
        items.maskQ.push_back(calibrate(photo.p.mask.data(), t.mask.data(), kMaskStateCount));
        items.maskGiven.push_back(int(labels.mask(person, photo.slot)));
    }
    const auto logQ = [&](size_t photo, int state) {
        return std::log(std::max(items.maskQ[photo][size_t(state)], kFloor));
    };
    const std::vector<int> &given = items.maskGiven;
    for (size_t i = 0; i < photos.size(); ++i)
        for (size_t j = i + 1; j < photos.size(); ++j) {
            if (given[i] == given[j])
                continue;
            const double gain =
                logQ(i, given[j]) + logQ(j, given[i]) - logQ(i, given[i]) - logQ(j, given[j]);
            if (gain > items.swapGain) {
                items.swapGain = gain;
                items.swapFirst = i;
                items.swapSecond = j;
            }
        }
    items.photos = std::move(photos);
    return items;
}

double ErrorModel::genderWrong(const PersonEvidence &p) const
{
    return wrongProbability(gender.apply(p.genderLog), p.gender, rate[size_t(SuspectKind::Gender)]);
}

double ErrorModel::ageWrong(const PersonEvidence &p) const
{
    return wrongProbability(age.apply(p.ageLog), p.ageGroup, rate[size_t(SuspectKind::Age)],
                            p.ageWeight);
}

double ErrorModel::swapWrong(const PersonEvidence &p) const
{
    return std::isfinite(p.swapGain)
               ? exchangeProbability(p.swapGain, rate[size_t(SuspectKind::MaskSwap)])
               : 0.0;
}

double ErrorModel::maskWrong(const PersonEvidence &p, size_t photo) const
{
    return wrongProbability(p.maskQ[photo], p.maskGiven[photo], rate[size_t(SuspectKind::Mask)]);
}

ErrorModel fitErrorModel(const std::vector<PersonEvidence> &persons)
{
    ErrorModel m;
    std::vector<std::vector<double>> genderLog, ageLog;
    std::vector<int> genders, groups;
    for (const PersonEvidence &p : persons) {
        genderLog.push_back(p.genderLog);
        ageLog.push_back(p.ageLog);
        genders.push_back(p.gender);
        groups.push_back(p.ageGroup);
    }
    std::vector<std::vector<double>> ageWeights;
    for (const PersonEvidence &p : persons)
        ageWeights.push_back(p.ageWeight);
    const NoisyHeadFit gender = fitWithErrors(genderLog, genders);
    const NoisyHeadFit age = fitWithErrors(ageLog, groups, ageWeights);
    m.gender = gender.calibration;
    m.age = age.calibration;
    m.rate[size_t(SuspectKind::Gender)] = gender.rate;
    m.rate[size_t(SuspectKind::Age)] = age.rate;
    const auto fitRate = [&](SuspectKind kind,
                             const std::function<double(const PersonEvidence &)> &wrong,
                             const std::function<double(const PersonEvidence &)> &items) {
        m.rate[size_t(kind)] = estimateErrorRate([&](double rate) {
            m.rate[size_t(kind)] = rate;
            double sum = 0, count = 0;
            for (const PersonEvidence &p : persons) {
                sum += wrong(p);
                count += items(p);
            }
            return count > 0 ? sum / count : 0.0;
        });
    };
    const auto one = [](const PersonEvidence &) { return 1.0; };
    fitRate(
        SuspectKind::MaskSwap, [&](const PersonEvidence &p) { return m.swapWrong(p); }, one);
    fitRate(
        SuspectKind::Mask,
        [&](const PersonEvidence &p) {
            double sum = 0;
            for (size_t i = 0; i < p.photos.size(); ++i)
                sum += m.maskWrong(p, i);
            return sum;
        },
        [](const PersonEvidence &p) { return double(p.photos.size()); });
    return m;
}

ErrorEstimate estimateErrors(const std::vector<PersonEvidence> &persons, const ErrorModel &model)
{
    if (int(persons.size()) < kFewestPersonsToEstimate)
        return unknownEstimate(
            QStringLiteral("no estimate of how many are real errors: %1 persons have "
                           "out-of-fold predictions, and calibrating the scores takes at least %2")
                .arg(persons.size())
                .arg(kFewestPersonsToEstimate));
    ErrorEstimate e;
    e.known = true;
    for (const PersonEvidence &p : persons) {
        e.byKind[size_t(SuspectKind::Gender)] += model.genderWrong(p);
        e.byKind[size_t(SuspectKind::Age)] += model.ageWrong(p);
        e.byKind[size_t(SuspectKind::MaskSwap)] += model.swapWrong(p);
        for (size_t i = 0; i < p.photos.size(); ++i)
            if (!(p.swapGain > 0 && (i == p.swapFirst || i == p.swapSecond)))
                e.byKind[size_t(SuspectKind::Mask)] += model.maskWrong(p, i);
    }
    for (double n : e.byKind)
        e.expected += n;
    e.rate = model.rate;
    return e;
}

} // namespace masklab::finder
