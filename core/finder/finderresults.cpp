#include "finderresults.h"

#include <QFile>

namespace masklab::finder {

QString duplicatesFile(const QString &workspaceDir)
{
    return workspaceDir + QStringLiteral("/finder/duplicates.csv");
}

std::vector<Suspect> mergeSuspects(std::vector<Suspect> model, const std::vector<Suspect> &copies)
{
    model.insert(model.end(), copies.begin(), copies.end());
    rankSuspects(model);
    return model;
}

std::optional<FinderResults> loadFinderResults(const FinderRun &run, const QString &workspaceDir,
                                               const LabeledDataset &labels,
                                               const AgeThresholds &ages, QString *error)
{
    FinderResults results;
    results.dir = run.dir();
    const auto info = run.readInfo(error);
    if (!info)
        return std::nullopt;
    results.info = *info;
    results.changedPersons = changedPersons(results.info, labels);
    if (QFile::exists(run.suspectsJsonFile())) {
        auto found = readSuspectsJson(run.suspectsJsonFile(), error);
        if (!found)
            return std::nullopt;
        results.suspects = std::move(*found);
        auto estimate = readErrorEstimate(run.estimateFile(), error);
        if (!estimate)
            return std::nullopt;
        results.estimate = *estimate;
        return results;
    }
    // No stored list: score the out-of-fold table against the labels as they are now.
    const auto predictions = readOutOfFoldCsv(run.outOfFoldFile(), error);
    if (!predictions)
        return std::nullopt;
    std::vector<Suspect> copies;
    if (QFile::exists(duplicatesFile(workspaceDir))) {
        auto read = readSuspectsCsv(duplicatesFile(workspaceDir), error);
        if (!read)
            return std::nullopt;
        for (const Suspect &s : *read)
            if (labels.indexOf(s.folder) >= 0)
                copies.push_back(s);
    }
    ScoringResult scored = scoreSuspects(*predictions, labels, ages);
    results.suspects = mergeSuspects(std::move(scored.suspects), copies);
    results.estimate = scored.estimate;
    return results;
}

} // namespace masklab::finder
