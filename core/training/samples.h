#pragma once
// The training samples: one per usable photo of the chosen persons, labelled with the
// effective labels. Excluded and missing photos are left out.

#include "labeleddataset.h"

#include <QString>

#include <vector>

namespace masklab {

struct Sample
{
    QString path;
    int label = 0; // class 0..17
    int person = -1;
    int slot = -1;
    int age = -1; // the person's effective age in years (-1: unknown)
};

std::vector<Sample> collectSamples(const LabeledDataset &labels, const std::vector<int> &persons,
                                   const AgeThresholds &thresholds);

// Images per class, for inverse-frequency weights and the class-balanced sampler.
std::vector<int> classHistogram(const std::vector<Sample> &samples);

} // namespace masklab
