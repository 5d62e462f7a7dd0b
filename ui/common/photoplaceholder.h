#pragma once
// What a photo cell shows while it has no picture: "loading" on light grey, or a dark box with a
// cross for a photo that does not decode ("broken") or is not there ("missing"). The browser and
// the Suspects view draw the same marks, so a user reads them the same way everywhere.

#include <QString>

class QPainter;
class QRect;

namespace masklab::ui {

enum class PhotoState
{
    Loading,
    Ready,
    Broken,
    Missing
};

// "loading", "ready", "broken", "missing": the models' ThumbnailStateRole values.
QString photoStateName(PhotoState state);
PhotoState photoStateFromName(const QString &name);

void paintPhotoPlaceholder(QPainter *p, const QRect &rect, PhotoState state);

} // namespace masklab::ui
