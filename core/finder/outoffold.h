#pragma once
// Out-of-fold predictions: every training photo's 18 class probabilities from the model of the
// fold that held its person out, so no photo is judged by a model that saw it. The evidence the
// suspect scoring works on; kept in the finder run's folder as oof.csv.

#include "labels.h"

#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace masklab::finder {

using ClassProbabilities = std::array<float, kClassCount>;

struct PhotoPrediction
{
    QString folder;
    int slot = -1; // 0..6, the photo's place in the person's row
    int fold = -1; // the fold whose model predicted it (the one that held the person out)
    ClassProbabilities probabilities{};
};

// The 18 probabilities summed into each head's: mask state, gender, age group.
struct HeadProbabilities
{
    std::array<double, kMaskStateCount> mask{};
    std::array<double, kGenderCount> gender{};
    std::array<double, kAgeGroupCount> age{};
};
HeadProbabilities headProbabilities(const ClassProbabilities &p);

// oof.csv: folder,photo,fold,p0..p17 (photo: the file stem, mask1..normal).
QString outOfFoldCsv(const std::vector<PhotoPrediction> &predictions);
// Reads oof.csv; a bad row is an error naming the file and the line.
std::optional<std::vector<PhotoPrediction>> readOutOfFoldCsv(const QString &path, QString *error);

} // namespace masklab::finder
