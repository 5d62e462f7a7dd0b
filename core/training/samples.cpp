#include "samples.h"

namespace masklab {

std::vector<Sample> collectSamples(const LabeledDataset &labels, const std::vector<int> &persons,
                                   const AgeThresholds &thresholds)
{
    std::vector<Sample> samples;
    for (int person : persons) {
        const Person &p = labels.person(person);
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            if (p.photos[size_t(slot)].fileName.isEmpty() || labels.excluded(person, slot))
                continue;
            samples.push_back({labels.dataset().photoPath(p, slot),
                               classIndex(labels.label(person, slot, thresholds)), person, slot,
                               labels.age(person)});
        }
    }
    return samples;
}

std::vector<int> classHistogram(const std::vector<Sample> &samples)
{
    std::vector<int> counts(size_t(kClassCount), 0);
    for (const Sample &s : samples)
        ++counts[size_t(s.label)];
    return counts;
}

} // namespace masklab
