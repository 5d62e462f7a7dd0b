#pragma once
// Grad-CAM pictures for the GUI: photos with the heat of where a model looks for one head drawn
// over them (explainPhotos and drawHeatOverlay, as masklab-cli explain), as QImages. Called on a
// worker thread; the model is loaded once for all the photos.

#include "explainer.h"

#include <QHash>
#include <QImage>
#include <QStringList>

namespace masklab::ui {

struct HeatImages
{
    QHash<QString, QImage> images; // photo path -> the photo with the heat over it
    QString error;                 // why the last photo without a picture has none
};

HeatImages heatImages(const QString &modelDir, const QStringList &photos,
                      trainer::ExplainHead head);

// One photo with its explanation's heat over it; a null image when there is none (*error why).
QImage heatImage(const QString &photo, const trainer::Explanation &explanation, QString *error);

// The head a mistake is most about: the first of mask, gender and age whose answer differs.
trainer::ExplainHead headOfMistake(int truth, int predicted);

} // namespace masklab::ui
