#include "heatimages.h"

#include "heatoverlay.h"
#include "labels.h"

namespace masklab::ui {

QImage heatImage(const QString &photo, const trainer::Explanation &explanation, QString *error)
{
    *error = explanation.error;
    const std::optional<OverlayImage> overlay =
        explanation.ok ? drawHeatOverlay(photo, explanation.heat, explanation.width,
                                         explanation.height, explanation.crop, error)
                       : std::nullopt;
    if (!overlay)
        return {};
    return QImage(overlay->rgb.data(), overlay->width, overlay->height, overlay->width * 3,
                  QImage::Format_RGB888)
        .copy(); // owns its pixels once the overlay is gone
}

HeatImages heatImages(const QString &modelDir, const QStringList &photos, trainer::ExplainHead head)
{
    HeatImages out;
    const std::vector<trainer::Explanation> all =
        trainer::explainPhotos(modelDir, QStringLiteral("best"), photos, head);
    for (int i = 0; i < photos.size(); ++i) {
        QString error;
        const QImage image = heatImage(photos[i], all[size_t(i)], &error);
        if (image.isNull())
            out.error = error;
        else
            out.images.insert(photos[i], image);
    }
    return out;
}

trainer::ExplainHead headOfMistake(int truth, int predicted)
{
    const std::optional<ClassLabel> t = classLabel(truth), p = classLabel(predicted);
    if (!t || !p || t->mask != p->mask)
        return trainer::ExplainHead::Mask;
    return t->gender != p->gender ? trainer::ExplainHead::Gender : trainer::ExplainHead::Age;
}

} // namespace masklab::ui
