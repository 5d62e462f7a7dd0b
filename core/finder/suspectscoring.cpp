#include "suspectscoring.h"

#include "errorprobability.h"

#include <QHash>

#include <cmath>
#include <functional>
#include <limits>

namespace masklab::finder {

namespace {

constexpr double kFloor = 1e-6; // keeps log() finite for a probability rounded to 0

// One photo of a person with its head probabilities and given labels.
struct PersonPhoto
{
    int slot = -1;
    HeadProbabilities p;
};

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

// A person's pooled distribution: the normalised geometric mean of the photos' calibrated
// probabilities (the mean log-probability per class). A mean, not a sum, so 7 photos of one
// face count as one strong witness rather than 7 independent ones.
std::vector<double> pool(const std::vector<std::vector<double>> &photos, int n)
{
    std::vector<double> logSum(size_t(n), 0.0);
    for (const std::vector<double> &q : photos)
        for (int c = 0; c < n; ++c)
            logSum[size_t(c)] += std::log(std::max(q[size_t(c)], kFloor));
    const double top = *std::max_element(logSum.begin(), logSum.end());
    std::vector<double> pooled(static_cast<size_t>(n));
    double sum = 0;
    for (int c = 0; c < n; ++c)
        sum += pooled[size_t(c)] = std::exp((logSum[size_t(c)] - top) / double(photos.size()));
    for (double &v : pooled)
        v /= sum;
    return pooled;
}

template <size_t N> std::vector<double> toVector(const std::array<double, N> &a)
{
    return std::vector<double>(a.begin(), a.end());
}

// The evidence of one head for every photo of the person.
template <size_t N>
Suspect personSuspect(SuspectKind kind, const QString &folder,
                      const std::vector<PersonPhoto> &photos,
                      std::array<double, N> HeadProbabilities::*head,
                      const std::array<double, N> &thresholds, const QStringList &classes)
{
    Suspect s;
    s.kind = kind;
    s.folder = folder;
    s.classes = classes;
    s.thresholds = toVector(thresholds);
    for (const PersonPhoto &photo : photos) {
        const std::array<double, N> &p = photo.p.*head;
        s.evidence.push_back(
            {photo.slot, toVector(p), calibrate(p.data(), thresholds.data(), int(N))});
    }
    return s;
}

std::vector<std::vector<double>> calibratedOf(const Suspect &s)
{
    std::vector<std::vector<double>> q;
    for (const PhotoEvidence &e : s.evidence)
        q.push_back(e.calibrated);
    return q;
}

QStringList maskClassNames()
{
    return {maskStateName(MaskState::Wear), maskStateName(MaskState::Incorrect),
            maskStateName(MaskState::NotWear)};
}

// What scoring needs of one person before any probability: the pooled evidence per head and the
// best exchange of two photos' mask states.
struct PersonItems
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

PersonItems personItems(const LabeledDataset &labels, int person, std::vector<PersonPhoto> photos,
                        const ClassThresholds &t, const AgeThresholds &ages,
                        const ScoringOptions &options)
{
    PersonItems items;
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

// The calibrations and error rates of every kind, fitted to all persons of the run (rate: by
// SuspectKind).
struct ErrorModel
{
    HeadCalibration gender, age;
    std::array<double, kSuspectKindCount> rate{};

    double genderWrong(const PersonItems &p) const
    {
        return wrongProbability(gender.apply(p.genderLog), p.gender, rate[0]);
    }
    double ageWrong(const PersonItems &p) const
    {
        return wrongProbability(age.apply(p.ageLog), p.ageGroup, rate[1], p.ageWeight);
    }
    double swapWrong(const PersonItems &p) const
    {
        return std::isfinite(p.swapGain) ? exchangeProbability(p.swapGain, rate[2]) : 0.0;
    }
    double maskWrong(const PersonItems &p, size_t photo) const
    {
        return wrongProbability(p.maskQ[photo], p.maskGiven[photo], rate[3]);
    }
};

ErrorModel fitErrorModel(const std::vector<PersonItems> &persons)
{
    ErrorModel m;
    std::vector<std::vector<double>> genderLog, ageLog;
    std::vector<int> genders, groups;
    for (const PersonItems &p : persons) {
        genderLog.push_back(p.genderLog);
        ageLog.push_back(p.ageLog);
        genders.push_back(p.gender);
        groups.push_back(p.ageGroup);
    }
    std::vector<std::vector<double>> ageWeights;
    for (const PersonItems &p : persons)
        ageWeights.push_back(p.ageWeight);
    const NoisyHeadFit gender = fitWithErrors(genderLog, genders);
    const NoisyHeadFit age = fitWithErrors(ageLog, groups, ageWeights);
    m.gender = gender.calibration;
    m.age = age.calibration;
    m.rate[size_t(SuspectKind::Gender)] = gender.rate;
    m.rate[size_t(SuspectKind::Age)] = age.rate;
    const auto fitRate = [&](int kind, const std::function<double(const PersonItems &)> &wrong,
                             const std::function<double(const PersonItems &)> &items) {
        m.rate[size_t(kind)] = estimateErrorRate([&](double rate) {
            m.rate[size_t(kind)] = rate;
            double sum = 0, count = 0;
            for (const PersonItems &p : persons) {
                sum += wrong(p);
                count += items(p);
            }
            return count > 0 ? sum / count : 0.0;
        });
    };
    const auto one = [](const PersonItems &) { return 1.0; };
    fitRate(
        2, [&](const PersonItems &p) { return m.swapWrong(p); }, one);
    fitRate(
        3,
        [&](const PersonItems &p) {
            double sum = 0;
            for (size_t i = 0; i < p.photos.size(); ++i)
                sum += m.maskWrong(p, i);
            return sum;
        },
        [](const PersonItems &p) { return double(p.photos.size()); });
    return m;
}

std::optional<Suspect> genderSuspect(const LabeledDataset &labels, const PersonItems &p,
                                     const ClassThresholds &t, const ErrorModel &model)
{
    Suspect s = personSuspect(SuspectKind::Gender, labels.person(p.person).folder, p.photos,
                              &HeadProbabilities::gender, t.gender,
                              {genderName(Gender::Male), genderName(Gender::Female)});
    const std::vector<double> pooled = pool(calibratedOf(s), kGenderCount);
    if (pooled[size_t(1 - p.gender)] <= 0.5)
        return std::nullopt;
    s.given = genderName(Gender(p.gender));
    s.suggested = genderName(Gender(1 - p.gender));
    s.score = model.genderWrong(p);
    return s;
}

std::optional<Suspect> ageSuspect(const LabeledDataset &labels, const PersonItems &p,
                                  const ClassThresholds &t, const ErrorModel &model)
{
    Suspect s = personSuspect(SuspectKind::Age, labels.person(p.person).folder, p.photos,
                              &HeadProbabilities::age, t.age,
                              {ageGroupName(AgeGroup::Young), ageGroupName(AgeGroup::Middle),
                               ageGroupName(AgeGroup::Old)});
    const std::vector<double> pooled = pool(calibratedOf(s), kAgeGroupCount);
    const int given = p.ageGroup;
    int suggested = -1;
    for (int c = 0; c < kAgeGroupCount; ++c)
        if (c != given && (suggested < 0 || pooled[size_t(c)] > pooled[size_t(suggested)]))
            suggested = c;
    if (pooled[size_t(suggested)] <= pooled[size_t(given)])
        return std::nullopt;
    s.given = ageGroupName(AgeGroup(given));
    s.suggested = ageGroupName(AgeGroup(suggested));
    s.age = labels.age(p.person);
    s.score = model.ageWrong(p);
    return s;
}

// Mask states: the best exchange of two photos' states against the given assignment, then any
// single photo that still disagrees.
void maskSuspects(const LabeledDataset &labels, const PersonItems &p, const ClassThresholds &t,
                  const ErrorModel &model, std::vector<Suspect> &out)
{
    const Suspect base =
        personSuspect(SuspectKind::MaskSwap, labels.person(p.person).folder, p.photos,
                      &HeadProbabilities::mask, t.mask, maskClassNames());
    const bool swapped = p.swapGain > 0;
    if (swapped) {
        Suspect swap = base;
        swap.photoSlots = {p.photos[p.swapFirst].slot, p.photos[p.swapSecond].slot};
        const QString a = maskStateName(MaskState(p.maskGiven[p.swapFirst]));
        const QString b = maskStateName(MaskState(p.maskGiven[p.swapSecond]));
        swap.given = a + u'+' + b;
        swap.suggested = b + u'+' + a;
        swap.score = model.swapWrong(p);
        out.push_back(swap);
    }
    for (size_t i = 0; i < p.photos.size(); ++i) {
        if (swapped && (i == p.swapFirst || i == p.swapSecond))
            continue;
        const std::vector<double> &q = p.maskQ[i];
        const int best = int(std::max_element(q.begin(), q.end()) - q.begin());
        if (best == p.maskGiven[i])
            continue;
        Suspect single = base;
        single.kind = SuspectKind::Mask;
        single.photoSlots = {p.photos[i].slot};
        single.given = maskStateName(MaskState(p.maskGiven[i]));
        single.suggested = maskStateName(MaskState(best));
        single.score = model.maskWrong(p, i);
        out.push_back(single);
    }
}

ErrorEstimate estimateErrors(const std::vector<PersonItems> &persons, const ErrorModel &model)
{
    if (int(persons.size()) < kFewestPersonsToEstimate)
        return unknownEstimate(
            QStringLiteral("no estimate of how many are real errors: %1 persons have "
                           "out-of-fold predictions, and calibrating the scores takes at least %2")
                .arg(persons.size())
                .arg(kFewestPersonsToEstimate));
    ErrorEstimate e;
    e.known = true;
    for (const PersonItems &p : persons) {
        e.byKind[0] += model.genderWrong(p);
        e.byKind[1] += model.ageWrong(p);
        e.byKind[2] += model.swapWrong(p);
        for (size_t i = 0; i < p.photos.size(); ++i)
            if (!(p.swapGain > 0 && (i == p.swapFirst || i == p.swapSecond)))
                e.byKind[3] += model.maskWrong(p, i);
    }
    for (double n : e.byKind)
        e.expected += n;
    e.rate = model.rate;
    return e;
}

} // namespace

ClassThresholds classThresholds(const std::vector<PhotoPrediction> &predictions,
                                const LabeledDataset &labels, const AgeThresholds &ages)
{
    ClassThresholds sum, count;
    for (const PhotoPrediction &row : predictions) {
        const int person = labels.indexOf(row.folder);
        if (person < 0 || labels.excluded(person, row.slot))
            continue;
        const HeadProbabilities p = headProbabilities(row.probabilities);
        const size_t mask = size_t(labels.mask(person, row.slot));
        const size_t gender = size_t(labels.gender(person));
        const size_t age = size_t(ages.groupOf(labels.age(person)));
        sum.mask[mask] += p.mask[mask];
        count.mask[mask] += 1;
        sum.gender[gender] += p.gender[gender];
        count.gender[gender] += 1;
        sum.age[age] += p.age[age];
        count.age[age] += 1;
    }
    const auto mean = [](auto &s, const auto &n) {
        for (size_t c = 0; c < s.size(); ++c)
            s[c] = n[c] > 0 ? std::max(s[c] / n[c], 1e-3) : 1.0 / double(s.size());
    };
    mean(sum.mask, count.mask);
    mean(sum.gender, count.gender);
    mean(sum.age, count.age);
    return sum;
}

ScoringResult scoreSuspects(const std::vector<PhotoPrediction> &predictions,
                            const LabeledDataset &labels, const AgeThresholds &ages,
                            const ScoringOptions &options)
{
    ScoringResult result;
    result.thresholds = classThresholds(predictions, labels, ages);
    QHash<int, std::vector<PersonPhoto>> byPerson;
    for (const PhotoPrediction &row : predictions) {
        const int person = labels.indexOf(row.folder);
        if (person < 0) {
            if (!result.unknownFolders.contains(row.folder))
                result.unknownFolders << row.folder;
            continue;
        }
        if (labels.excluded(person, row.slot))
            continue;
        byPerson[person].push_back({row.slot, headProbabilities(row.probabilities)});
        ++result.photos;
    }
    const QList<int> keys = byPerson.keys();
    std::vector<int> order(keys.begin(), keys.end());
    std::sort(order.begin(), order.end());
    std::vector<PersonItems> persons;
    for (int person : order) {
        std::vector<PersonPhoto> &photos = byPerson[person];
        std::sort(photos.begin(), photos.end(),
                  [](const PersonPhoto &a, const PersonPhoto &b) { return a.slot < b.slot; });
        persons.push_back(
            personItems(labels, person, std::move(photos), result.thresholds, ages, options));
    }
    const ErrorModel model = fitErrorModel(persons);
    for (const PersonItems &p : persons) {
        if (auto s = genderSuspect(labels, p, result.thresholds, model))
            result.suspects.push_back(*s);
        if (auto s = ageSuspect(labels, p, result.thresholds, model))
            result.suspects.push_back(*s);
        maskSuspects(labels, p, result.thresholds, model, result.suspects);
    }
    result.persons = int(persons.size());
    result.estimate = estimateErrors(persons, model);
    rankSuspects(result.suspects);
    return result;
}

} // namespace masklab::finder
