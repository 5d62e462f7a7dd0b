#pragma once
// A finished finder run read back: reopening it costs a file read, no training. The list is the
// one the run found (suspects.json), so suspects fixed since stay in it and count as fixed; a
// run without that file is scored again from its out-of-fold table against the labels as they
// are now. Persons relabeled since the folds trained are counted, so the user knows when a
// rerun (which retrains the folds those labels feed) is due.

#include "finderrun.h"
#include "suspectscoring.h"

namespace masklab::finder {

struct FinderResults
{
    QString dir;
    FinderRunInfo info;
    std::vector<Suspect> suspects; // the model's and the duplicates, ranked
    ErrorEstimate estimate;        // how many of the model's are likely real errors
    QStringList changedPersons;    // relabeled since the folds trained
};

// <workspace>/finder/duplicates.csv: the last duplicate search (suspects.csv columns).
QString duplicatesFile(const QString &workspaceDir);

std::optional<FinderResults> loadFinderResults(const FinderRun &run, const QString &workspaceDir,
                                               const LabeledDataset &labels,
                                               const AgeThresholds &ages, QString *error);

// The model's suspects and the duplicates in one ranked list.
std::vector<Suspect> mergeSuspects(std::vector<Suspect> model, const std::vector<Suspect> &copies);

} // namespace masklab::finder
