#include "labelstatistics.h"

#include <algorithm>

namespace masklab {

double LabelStatistics::imbalanceRatio() const
{
    const int smallest = smallestClass();
    if (smallest < 0)
        return 0;
    return double(classImages[size_t(largestClass())]) / classImages[size_t(smallest)];
}

int LabelStatistics::largestClass() const
{
    return int(std::max_element(classImages.begin(), classImages.end()) - classImages.begin());
}

int LabelStatistics::smallestClass() const
{
    int best = -1;
    for (int c = 0; c < kClassCount; ++c) {
        if (classImages[size_t(c)] > 0 &&
            (best < 0 || classImages[size_t(c)] < classImages[size_t(best)]))
            best = c;
    }
    return best;
}

LabelStatistics computeLabelStatistics(const LabeledDataset &labels,
                                       const AgeThresholds &thresholds)
{
    LabelStatistics s;
    s.thresholds = thresholds;
    for (int i = 0; i < labels.personCount(); ++i) {
        const Person &p = labels.person(i);
        if (!p.hasFolder)
            continue;
        ++s.persons;
        const Gender gender = labels.gender(i);
        const int age = labels.age(i);
        const AgeGroup group = thresholds.groupOf(age);
        ++s.genderPersons[size_t(gender)];
        ++s.agePersons[size_t(group)];
        ++s.genderAgePersons[size_t(gender)][size_t(group)];
        if (age >= 0) {
            if (size_t(age) >= s.ageHistogram.size())
                s.ageHistogram.resize(size_t(age) + 1, 0);
            ++s.ageHistogram[size_t(age)];
        }
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            if (p.photos[size_t(slot)].fileName.isEmpty())
                continue;
            if (labels.excluded(i, slot)) {
                ++s.excludedImages;
                continue;
            }
            const MaskState mask = labels.mask(i, slot);
            ++s.images;
            ++s.maskImages[size_t(mask)];
            ++s.classImages[size_t(classIndex(mask, gender, group))];
        }
    }
    return s;
}

LabelStatistics computeOriginalStatistics(const LabeledDataset &labels,
                                          const AgeThresholds &thresholds)
{
    return computeLabelStatistics(LabeledDataset(labels.sharedDataset()), thresholds);
}

namespace {

// name,count[,original] rows for a list of categories.
template <size_t N>
QString countsCsv(const char *header, const std::array<QString, N> &names,
                  const std::array<int, N> &counts, const std::array<int, N> *original)
{
    QString csv = QString::fromLatin1(header) +
                  (original ? QStringLiteral(",original,count\n") : QStringLiteral(",count\n"));
    for (size_t i = 0; i < N; ++i) {
        csv += names[i] + u',';
        if (original)
            csv += QString::number((*original)[i]) + u',';
        csv += QString::number(counts[i]) + u'\n';
    }
    return csv;
}

} // namespace

QString classCountsCsv(const LabelStatistics &stats, const LabelStatistics *original)
{
    QString csv = original ? QStringLiteral("class,name,original,count,percent\n")
                           : QStringLiteral("class,name,count,percent\n");
    for (int c = 0; c < kClassCount; ++c) {
        const int n = stats.classImages[size_t(c)];
        csv += QStringLiteral("%1,%2,").arg(c).arg(className(c));
        if (original)
            csv += QString::number(original->classImages[size_t(c)]) + u',';
        csv += QStringLiteral("%1,%2\n").arg(n).arg(
            stats.images > 0 ? 100.0 * n / stats.images : 0.0, 0, 'f', 2);
    }
    return csv;
}

QString maskCountsCsv(const LabelStatistics &stats, const LabelStatistics *original)
{
    const std::array<QString, kMaskStateCount> names = {maskStateName(MaskState::Wear),
                                                        maskStateName(MaskState::Incorrect),
                                                        maskStateName(MaskState::NotWear)};
    return countsCsv("mask", names, stats.maskImages, original ? &original->maskImages : nullptr);
}

QString genderCountsCsv(const LabelStatistics &stats, const LabelStatistics *original)
{
    const std::array<QString, kGenderCount> names = {genderName(Gender::Male),
                                                     genderName(Gender::Female)};
    return countsCsv("gender", names, stats.genderPersons,
                     original ? &original->genderPersons : nullptr);
}

QString ageGroupCountsCsv(const LabelStatistics &stats, const LabelStatistics *original)
{
    std::array<QString, kAgeGroupCount> names;
    for (int g = 0; g < kAgeGroupCount; ++g)
        names[size_t(g)] =
            ageGroupName(AgeGroup(g)) + u' ' + ageGroupRange(AgeGroup(g), stats.thresholds);
    return countsCsv("age_group", names, stats.agePersons,
                     original ? &original->agePersons : nullptr);
}

QString genderAgeCsv(const LabelStatistics &stats)
{
    QString csv = QStringLiteral("gender");
    for (int g = 0; g < kAgeGroupCount; ++g)
        csv += u',' + ageGroupName(AgeGroup(g));
    csv += u'\n';
    for (int gender = 0; gender < kGenderCount; ++gender) {
        csv += genderName(Gender(gender));
        for (int g = 0; g < kAgeGroupCount; ++g)
            csv += u',' + QString::number(stats.genderAgePersons[size_t(gender)][size_t(g)]);
        csv += u'\n';
    }
    return csv;
}

QString ageHistogramCsv(const LabelStatistics &stats, const LabelStatistics *original)
{
    QString csv =
        original ? QStringLiteral("age,original,persons\n") : QStringLiteral("age,persons\n");
    const size_t last =
        std::max(stats.ageHistogram.size(), original ? original->ageHistogram.size() : size_t(0));
    for (size_t age = 0; age < last; ++age) {
        const int n = age < stats.ageHistogram.size() ? stats.ageHistogram[age] : 0;
        const int o =
            original && age < original->ageHistogram.size() ? original->ageHistogram[age] : 0;
        if (n == 0 && o == 0)
            continue;
        csv += QString::number(age) + u',';
        if (original)
            csv += QString::number(o) + u',';
        csv += QString::number(n) + u'\n';
    }
    return csv;
}

} // namespace masklab
