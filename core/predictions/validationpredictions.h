#pragma once
// A run's validation_predictions.csv (path,truth,predicted,p0..p17: each validation photo of the
// best epoch), and the photos it got wrong, for the gallery of mistakes.

#include "evalpredictions.h"

#include <QString>

#include <optional>
#include <vector>

namespace masklab {

struct ValidationPrediction
{
    QString path;   // the photo
    QString folder; // its person's folder name
    int truth = 0;
    int predicted = 0;
    ClassProbabilities probabilities{};

    float confidence() const { return probabilities[size_t(predicted)]; }
};

// Nothing when the file is missing or malformed (error: "<path>: line <n>: <reason>").
std::optional<std::vector<ValidationPrediction>> readValidationPredictions(const QString &runDir,
                                                                           QString *error);

// The wrong ones, the most confident first (the likeliest label errors or systematic
// confusions lead).
std::vector<ValidationPrediction> mistakes(const std::vector<ValidationPrediction> &predictions);

} // namespace masklab
