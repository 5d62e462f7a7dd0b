#include "heatimages.h"

#include "heatoverlay.h"
#include "labels.h"

namespace masklab::ui {

HeatImages heatImages(const QString &modelDir, const QStringList &photos, trainer::ExplainHead head)
{
    HeatImages out;
    const std::vector<trainer::Explanation> all =
        trainer::explainPhotos(modelDir, QStringLiteral("best"), photos, head);
    for (int i = 0; i < photos.size(); ++i) {
        const trainer::Explanation &e = all[size_t(i)];
        QString error = e.error;
        const std::optional<OverlayImage> overlay =
            e.ok ? drawHeatOverlay(photos[i], e.heat, e.width, e.height, e.crop, &error)
                 : std::nullopt;
        if (!overlay) {
            out.error = error;
            continue;
        }
        out.images.insert(photos[i], QImage(overlay->rgb.data(), overlay->width, overlay->height,
                                            overlay->width * 3, QImage::Format_RGB888)
                                         .copy()); // owns its pixels once the overlay is gone
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
