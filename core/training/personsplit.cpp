#include "personsplit.h"

#include "csvtable.h"
#include "random.h"

#include <algorithm>
#include <cmath>

namespace masklab {

namespace {

// Persons grouped by gender x age group, each group shuffled with the seed.
std::vector<std::vector<int>> shuffledGroups(const LabeledDataset &labels,
                                             const AgeThresholds &thresholds, uint64_t seed)
{
    std::vector<std::vector<int>> groups(kGenderCount * kAgeGroupCount);
    for (int i = 0; i < labels.personCount(); ++i) {
        if (!labels.person(i).hasFolder)
            continue;
        const int group =
            int(labels.gender(i)) * kAgeGroupCount + int(thresholds.groupOf(labels.age(i)));
        groups[size_t(group)].push_back(i);
    }
    for (size_t g = 0; g < groups.size(); ++g) {
        Rng rng(mixSeed(seed, 100 + g));
        std::vector<int> &members = groups[g];
        for (size_t i = members.size(); i > 1; --i)
            std::swap(members[i - 1], members[size_t(rng.range(0, int(i) - 1))]);
    }
    return groups;
}

void sortSides(PersonSplit &split)
{
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.validation.begin(), split.validation.end());
}

} // namespace

PersonSplit splitPersons(const LabeledDataset &labels, const AgeThresholds &thresholds,
                         double validationFraction, uint64_t seed)
{
    PersonSplit split;
    const double fraction = std::clamp(validationFraction, 0.0, 1.0);
    for (const std::vector<int> &members : shuffledGroups(labels, thresholds, seed)) {
        int take = int(std::lround(fraction * double(members.size())));
        if (fraction > 0 && take == 0 && members.size() >= 2)
            take = 1; // a rare group still gets validated
        for (size_t i = 0; i < members.size(); ++i)
            (int(i) < take ? split.validation : split.train).push_back(members[i]);
    }
    sortSides(split);
    return split;
}

PersonSplit kFoldSplit(const LabeledDataset &labels, const AgeThresholds &thresholds, int folds,
                       int fold, uint64_t seed)
{
    PersonSplit split;
    if (folds < 2 || fold < 0 || fold >= folds)
        return split;
    int offset = 0; // rotate so small groups do not always fill fold 0 first
    for (const std::vector<int> &members : shuffledGroups(labels, thresholds, seed)) {
        for (size_t i = 0; i < members.size(); ++i)
            ((int(i) + offset) % folds == fold ? split.validation : split.train)
                .push_back(members[i]);
        offset += int(members.size());
    }
    sortSides(split);
    return split;
}

FoldOfFolder drawFolds(const LabeledDataset &labels, const AgeThresholds &thresholds, int folds,
                       uint64_t seed)
{
    FoldOfFolder foldOf;
    for (int fold = 0; fold < folds; ++fold)
        for (int person : kFoldSplit(labels, thresholds, folds, fold, seed).validation)
            foldOf.insert(labels.person(person).folder, fold);
    return foldOf;
}

QString foldFileText(const LabeledDataset &labels, const FoldOfFolder &foldOf)
{
    QString text = QStringLiteral("folder,fold\n");
    for (int i = 0; i < labels.personCount(); ++i) {
        const auto it = foldOf.constFind(labels.person(i).folder);
        if (it != foldOf.constEnd())
            text += QStringLiteral("%1,%2\n").arg(csvEscape(it.key())).arg(*it);
    }
    return text;
}

std::optional<FoldOfFolder> readFoldFile(const QString &path, int folds, QString *error)
{
    const auto table = readStrictCsvFile(path, error);
    if (!table)
        return std::nullopt;
    const auto fail = [&](int line, const QString &reason) -> std::optional<FoldOfFolder> {
        *error = fileLineError(path, line, reason);
        return std::nullopt;
    };
    const int folderColumn = table->column(QStringLiteral("folder"));
    const int foldColumn = table->column(QStringLiteral("fold"));
    if (folderColumn < 0 || foldColumn < 0)
        return fail(1, QStringLiteral("the header must name the columns folder and fold"));
    FoldOfFolder foldOf;
    for (const CsvRecord &record : table->records) {
        const QString folder = table->field(record, folderColumn);
        bool number = false;
        const int fold = table->field(record, foldColumn).toInt(&number);
        if (folder.isEmpty())
            return fail(record.line, QStringLiteral("the folder is empty"));
        if (!number || fold < 0 || fold >= folds)
            return fail(record.line,
                        QStringLiteral("fold \"%1\" is not a whole number from 0 to %2")
                            .arg(table->field(record, foldColumn))
                            .arg(folds - 1));
        if (foldOf.contains(folder))
            return fail(record.line, QStringLiteral("%1 is listed twice").arg(folder));
        foldOf.insert(folder, fold);
    }
    return foldOf;
}

std::optional<PersonSplit> foldFileSplit(const LabeledDataset &labels, const FoldOfFolder &foldOf,
                                         int fold, QString *error)
{
    PersonSplit split;
    for (int i = 0; i < labels.personCount(); ++i) {
        const Person &person = labels.person(i);
        if (!person.hasFolder)
            continue;
        const auto it = foldOf.find(person.folder);
        if (it == foldOf.end()) {
            *error = QStringLiteral("%1 has no fold in the fold file").arg(person.folder);
            return std::nullopt;
        }
        (*it == fold ? split.validation : split.train).push_back(i);
    }
    return split;
}

} // namespace masklab
