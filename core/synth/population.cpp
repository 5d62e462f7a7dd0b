#include "population.h"

#include "random.h"

#include <algorithm>
#include <cmath>

namespace masklab::synth {

namespace {

struct GroupShare
{
    Gender gender;
    AgeGroup age;
    double persons; // in the real train.csv (2,700 persons)
};

// The real distribution: F-middle 817, F-young 732, M-young 549, M-middle 410, F-old 109,
// M-old 83.
const GroupShare kShares[] = {
    {Gender::Female, AgeGroup::Middle, 817}, {Gender::Female, AgeGroup::Young, 732},
    {Gender::Male, AgeGroup::Young, 549},    {Gender::Male, AgeGroup::Middle, 410},
    {Gender::Female, AgeGroup::Old, 109},    {Gender::Male, AgeGroup::Old, 83},
};

// Largest-remainder split of n persons over the groups; every group gets one when n >= 6, so
// even a small demo set has all 18 classes.
std::vector<int> groupCounts(int n)
{
    const int groups = int(std::size(kShares));
    double total = 0;
    for (const GroupShare &s : kShares)
        total += s.persons;
    std::vector<int> counts(groups, n >= groups ? 1 : 0);
    const int rest = n - (n >= groups ? groups : 0);
    std::vector<std::pair<double, int>> remainders;
    int given = 0;
    for (int g = 0; g < groups; ++g) {
        const double exact = rest * kShares[g].persons / total;
        counts[g] += int(std::floor(exact));
        given += int(std::floor(exact));
        remainders.push_back({exact - std::floor(exact), g});
    }
    std::sort(remainders.begin(), remainders.end(), std::greater<>());
    for (int i = 0; given < rest; ++i, ++given)
        counts[remainders[size_t(i)].second] += 1;
    return counts;
}

// Real ages crowd at 18-22 and at 50-59; "old" is exactly 60.
int drawAge(AgeGroup group, Rng &rng)
{
    if (group == AgeGroup::Old)
        return 60;
    std::vector<double> weights;
    const int first = group == AgeGroup::Young ? 18 : 30;
    const int last = group == AgeGroup::Young ? 29 : 59;
    for (int age = first; age <= last; ++age) {
        if (group == AgeGroup::Young)
            weights.push_back(age <= 21 ? 3.0 : age <= 25 ? 2.0 : 1.0);
        else
            weights.push_back(age == 58 ? 4.0 : age == 59 ? 2.5 : age >= 50 ? 3.0 : 1.0);
    }
    return first + rng.weighted(weights);
}

// 0 (young) .. 1 (old) with gaps between the groups, so the age group is learnable but a 29
// and a 30 year-old still look alike-ish.
double ageLook(int age)
{
    if (age >= 60)
        return 0.9;
    if (age >= 30)
        return 0.35 + 0.35 * (age - 30) / 29.0;
    return 0.15 * std::max(0, age - 18) / 11.0;
}

std::array<double, 3> mixColor(std::array<double, 3> a, std::array<double, 3> b, double t)
{
    return {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
}

int ageInOtherGroup(int age, Rng &rng)
{
    if (age >= 60)
        return rng.range(45, 55);
    if (age >= 30)
        return rng.chance(0.5) ? rng.range(19, 27) : 60;
    return rng.range(35, 55);
}

} // namespace

QString noiseKindName(NoiseKind kind)
{
    switch (kind) {
    case NoiseKind::None:
        return QStringLiteral("none");
    case NoiseKind::GenderFlip:
        return QStringLiteral("gender-flip");
    case NoiseKind::MaskSwap:
        return QStringLiteral("mask-swap");
    case NoiseKind::WrongAgeGroup:
        return QStringLiteral("wrong-age-group");
    }
    return {};
}

PersonLook drawLook(Gender gender, int age, uint64_t seed)
{
    Rng rng(seed);
    PersonLook look;
    look.gender = gender;
    look.age = age;
    const bool female = gender == Gender::Female;
    const double skinTone = rng.uniform();
    look.skin = mixColor({185, 205, 240}, {110, 150, 195}, skinTone);
    const double a = ageLook(age) + rng.uniform(-0.08, 0.08);
    const std::array<double, 3> baseHair =
        rng.chance(0.7) ? std::array<double, 3>{25, 25, 30} : std::array<double, 3>{30, 50, 80};
    const double grey = a < 0.3 ? 0.0 : std::clamp((a - 0.3) * 1.35, 0.0, 1.0);
    look.hair = mixColor(baseHair, {215, 215, 215}, grey);
    look.shirt = {rng.uniform(30, 230), rng.uniform(30, 230), rng.uniform(30, 230)};
    const double style = rng.uniform();
    if (female)
        look.hairStyle = style < 0.78   ? PersonLook::Hair::Long
                         : style < 0.95 ? PersonLook::Hair::Medium
                                        : PersonLook::Hair::Short;
    else
        look.hairStyle = style < 0.82   ? PersonLook::Hair::Short
                         : style < 0.96 ? PersonLook::Hair::Medium
                                        : PersonLook::Hair::Long;
    look.faceWidth = rng.uniform(0.22, 0.27) * (female ? 0.96 : 1.0);
    look.faceAspect = rng.uniform(1.22, 1.4);
    look.browThickness = female ? rng.uniform(1.5, 3.0) : rng.uniform(3.0, 5.5);
    look.wrinkles = int(std::round(std::max(0.0, a) * 7 + rng.uniform(-0.7, 0.7)));
    look.crowFeet = a > 0.45 && rng.chance(0.8);
    look.beard = !female && rng.chance(0.3);
    look.lipstick = female && rng.chance(0.65);
    look.earrings = female && rng.chance(0.45);
    look.glasses = rng.chance(0.2);
    return look;
}

std::vector<SynthPerson> planPopulation(const PopulationOptions &options)
{
    Rng rng(mixSeed(options.seed, 1));
    const std::vector<int> counts = groupCounts(options.persons);
    std::vector<std::pair<Gender, AgeGroup>> groups;
    for (size_t g = 0; g < counts.size(); ++g)
        groups.insert(groups.end(), size_t(counts[g]), {kShares[g].gender, kShares[g].age});
    for (size_t i = groups.size(); i > 1; --i) // Fisher-Yates with our own RNG
        std::swap(groups[i - 1], groups[size_t(rng.range(0, int(i) - 1))]);

    std::vector<SynthPerson> persons;
    int nextId = 1;
    for (size_t i = 0; i < groups.size(); ++i) {
        SynthPerson p;
        p.seed = mixSeed(options.seed, 2, i);
        const int age = drawAge(groups[i].second, rng);
        p.look = drawLook(groups[i].first, age, p.seed);
        p.recordedGender = p.look.gender;
        p.recordedAge = age;
        p.id = QString::number(nextId);
        nextId += rng.chance(0.8) ? 1 : rng.range(2, 4); // real ids have gaps
        p.extension.fill(QStringLiteral("jpg"));
        persons.push_back(std::move(p));
    }

    const int n = int(persons.size());
    if (options.quirks && n >= 10) {
        // A few photos stored as .png or .jpeg: about 2% of persons each, at least one.
        const int odd = std::max(1, n / 50);
        for (int k = 0; k < odd; ++k) {
            persons[size_t(rng.range(0, n - 1))].extension[size_t(rng.range(0, 6))] =
                QStringLiteral("png");
            persons[size_t(rng.range(0, n - 1))].extension[size_t(rng.range(0, 6))] =
                QStringLiteral("jpeg");
        }
    }

    // Label errors: whole persons chosen without repeats, the three kinds in turn.
    const int noisy = std::clamp(int(std::lround(options.labelNoise * n)), 0, n);
    std::vector<int> order(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        order[size_t(i)] = i;
    for (int i = n; i > 1; --i)
        std::swap(order[size_t(i - 1)], order[size_t(rng.range(0, i - 1))]);
    for (int k = 0; k < noisy; ++k) {
        SynthPerson &p = persons[size_t(order[size_t(k)])];
        p.noise = static_cast<NoiseKind>(1 + k % 3);
        if (p.noise == NoiseKind::GenderFlip)
            p.recordedGender = p.look.gender == Gender::Male ? Gender::Female : Gender::Male;
        else if (p.noise == NoiseKind::WrongAgeGroup)
            p.recordedAge = ageInOtherGroup(p.look.age, rng);
    }
    if (options.quirks && n >= 10) {
        // A suffixed id (real: 000600-1) and an id shared by two folders (real: 3397): the
        // sharing pair must differ in gender or age, or their folders would collide.
        persons[size_t(n / 3)].id = persons[size_t(n / 3 - 1)].id + QStringLiteral("-1");
        for (int j = 2 * n / 3; j < n; ++j) {
            const SynthPerson &prev = persons[size_t(j - 1)];
            SynthPerson &p = persons[size_t(j)];
            if (p.recordedAge != prev.recordedAge || p.recordedGender != prev.recordedGender) {
                p.id = prev.id;
                break;
            }
        }
    }
    for (SynthPerson &p : persons)
        p.folder = formatFolderName(p.id, p.recordedGender, QStringLiteral("Asian"), p.recordedAge);
    return persons;
}

std::vector<PersonLook> planEvalLooks(int persons, uint64_t seed)
{
    Rng rng(mixSeed(seed, 3));
    const std::vector<int> counts = groupCounts(persons);
    std::vector<PersonLook> looks;
    for (size_t g = 0; g < counts.size(); ++g) {
        for (int k = 0; k < counts[g]; ++k) {
            const int age = drawAge(kShares[g].age, rng);
            looks.push_back(drawLook(kShares[g].gender, age, mixSeed(seed, 4, looks.size())));
        }
    }
    return looks;
}

} // namespace masklab::synth
