#include "suspectscoring.h"

#include <QHash>

#include <cmath>

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

std::optional<Suspect> genderSuspect(const LabeledDataset &labels, int person,
                                     const std::vector<PersonPhoto> &photos,
                                     const ClassThresholds &t)
{
    Suspect s = personSuspect(SuspectKind::Gender, labels.person(person).folder, photos,
                              &HeadProbabilities::gender, t.gender,
                              {genderName(Gender::Male), genderName(Gender::Female)});
    const int given = int(labels.gender(person));
    const std::vector<double> pooled = pool(calibratedOf(s), kGenderCount);
    if (pooled[size_t(1 - given)] <= 0.5)
        return std::nullopt;
    s.given = genderName(Gender(given));
    s.suggested = genderName(Gender(1 - given));
    s.score = pooled[size_t(1 - given)];
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

std::optional<Suspect> ageSuspect(const LabeledDataset &labels, int person,
                                  const std::vector<PersonPhoto> &photos, const ClassThresholds &t,
                                  const AgeThresholds &ages, const ScoringOptions &options)
{
    Suspect s = personSuspect(SuspectKind::Age, labels.person(person).folder, photos,
                              &HeadProbabilities::age, t.age,
                              {ageGroupName(AgeGroup::Young), ageGroupName(AgeGroup::Middle),
                               ageGroupName(AgeGroup::Old)});
    const int age = labels.age(person);
    const int given = int(ages.groupOf(age));
    const std::vector<double> pooled = pool(calibratedOf(s), kAgeGroupCount);
    int suggested = -1;
    for (int c = 0; c < kAgeGroupCount; ++c)
        if (c != given && (suggested < 0 || pooled[size_t(c)] > pooled[size_t(suggested)]))
            suggested = c;
    if (pooled[size_t(suggested)] <= pooled[size_t(given)])
        return std::nullopt;
    const int years = yearsToGroup(age, AgeGroup(suggested), ages);
    s.given = ageGroupName(AgeGroup(given));
    s.suggested = ageGroupName(AgeGroup(suggested));
    s.age = age;
    s.score = pooled[size_t(suggested)] * (1.0 - std::exp(-years / options.ageScaleYears));
    return s;
}

// Mask states: the best exchange of two photos' states against the given assignment, then any
// single photo that still disagrees.
void maskSuspects(const LabeledDataset &labels, int person, const std::vector<PersonPhoto> &photos,
                  const ClassThresholds &t, std::vector<Suspect> &out)
{
    const Suspect base = personSuspect(SuspectKind::MaskSwap, labels.person(person).folder, photos,
                                       &HeadProbabilities::mask, t.mask, maskClassNames());
    std::vector<int> given;
    for (const PersonPhoto &photo : photos)
        given.push_back(int(labels.mask(person, photo.slot)));
    const auto logQ = [&](size_t photo, int state) {
        return std::log(std::max(base.evidence[photo].calibrated[size_t(state)], kFloor));
    };
    double bestGain = 0;
    size_t first = 0, second = 0;
    for (size_t i = 0; i < photos.size(); ++i)
        for (size_t j = i + 1; j < photos.size(); ++j) {
            if (given[i] == given[j])
                continue;
            const double gain =
                logQ(i, given[j]) + logQ(j, given[i]) - logQ(i, given[i]) - logQ(j, given[j]);
            if (gain > bestGain) {
                bestGain = gain;
                first = i;
                second = j;
            }
        }
    if (bestGain > 0) {
        Suspect swap = base;
        swap.photoSlots = {photos[first].slot, photos[second].slot};
        const QString a = maskStateName(MaskState(given[first]));
        const QString b = maskStateName(MaskState(given[second]));
        swap.given = a + u'+' + b;
        swap.suggested = b + u'+' + a;
        swap.score = 1.0 / (1.0 + std::exp(-bestGain)); // swapped vs given, equal odds before
        out.push_back(swap);
    }
    for (size_t i = 0; i < photos.size(); ++i) {
        if (bestGain > 0 && (i == first || i == second))
            continue;
        const std::vector<double> &q = base.evidence[i].calibrated;
        const int best = int(std::max_element(q.begin(), q.end()) - q.begin());
        if (best == given[i])
            continue;
        Suspect single = base;
        single.kind = SuspectKind::Mask;
        single.photoSlots = {photos[i].slot};
        single.given = maskStateName(MaskState(given[i]));
        single.suggested = maskStateName(MaskState(best));
        single.score = q[size_t(best)];
        out.push_back(single);
    }
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
    std::vector<int> persons(keys.begin(), keys.end());
    std::sort(persons.begin(), persons.end());
    for (int person : persons) {
        std::vector<PersonPhoto> &photos = byPerson[person];
        std::sort(photos.begin(), photos.end(),
                  [](const PersonPhoto &a, const PersonPhoto &b) { return a.slot < b.slot; });
        if (auto s = genderSuspect(labels, person, photos, result.thresholds))
            result.suspects.push_back(*s);
        if (auto s = ageSuspect(labels, person, photos, result.thresholds, ages, options))
            result.suspects.push_back(*s);
        maskSuspects(labels, person, photos, result.thresholds, result.suspects);
    }
    result.persons = int(persons.size());
    rankSuspects(result.suspects);
    return result;
}

} // namespace masklab::finder
