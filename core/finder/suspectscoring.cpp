#include "suspectscoring.h"

#include "personevidence.h"

#include <QHash>

#include <cmath>

namespace masklab::finder {

namespace {

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

std::optional<Suspect> genderSuspect(const LabeledDataset &labels, const PersonEvidence &p,
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

std::optional<Suspect> ageSuspect(const LabeledDataset &labels, const PersonEvidence &p,
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
void maskSuspects(const LabeledDataset &labels, const PersonEvidence &p, const ClassThresholds &t,
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
    std::vector<PersonEvidence> persons;
    for (int person : order) {
        std::vector<PersonPhoto> &photos = byPerson[person];
        std::sort(photos.begin(), photos.end(),
                  [](const PersonPhoto &a, const PersonPhoto &b) { return a.slot < b.slot; });
        persons.push_back(
            personEvidence(labels, person, std::move(photos), result.thresholds, ages, options));
    }
    const ErrorModel model = fitErrorModel(persons);
    for (const PersonEvidence &p : persons) {
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
