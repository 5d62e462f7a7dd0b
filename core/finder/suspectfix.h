#pragma once
// What accepting a suspect changes, and whether its label has changed since it was found (then
// it counts as fixed, whoever changed it: the suggestion accepted, or an edit by hand).

#include "labeleddataset.h"
#include "suspect.h"

namespace masklab::finder {

struct SuggestedEdit
{
    int person = -1;
    int slot = -1; // -1 for a person field
    EditField field = EditField::Gender;
    QString value; // canonical text, as LabeledDataset::setValue takes it
};

// The edits that apply the suggestion; none when there is nothing to edit (an eval image that
// copies a training photo) or the person is gone. An age suspect moves the age to the nearest
// age of the suggested group (25 suggested middle: 30), the smallest change that makes the
// label agree; the exact age is then the user's to set.
std::vector<SuggestedEdit> suggestedEdits(const Suspect &suspect, const LabeledDataset &labels,
                                          const AgeThresholds &ages);

// Whether the label the suspect is about is no longer the one it was given.
bool labelChanged(const Suspect &suspect, const LabeledDataset &labels, const AgeThresholds &ages);

// The nearest age to `age` inside `group`.
int nearestAgeIn(AgeGroup group, int age, const AgeThresholds &ages);

} // namespace masklab::finder
