#pragma once
// What the Eval tab says about one predicted image: the answer, the three heads' probabilities
// (the 18 classes summed per mask state, gender and age group), the most likely classes, and
// each ensemble member's own answer.

#include "evalpredictions.h"
#include "predictioncache.h"

#include <QString>

namespace masklab::ui {

// Rich text for a label; image is the row in predictions.
QString predictionDetails(const EvalPredictions &predictions, int image,
                          const PredictionRequest &request, const AgeThresholds &thresholds);

} // namespace masklab::ui
