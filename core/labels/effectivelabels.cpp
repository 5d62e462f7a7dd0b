#include "effectivelabels.h"

#include "datasetscanner.h"
#include "workspace.h"

namespace masklab {

EffectiveLabels loadEffectiveLabels(const DataConfig &data)
{
    EffectiveLabels result;
    if (data.dataset.isEmpty()) {
        result.error = QStringLiteral("data.dataset is not set");
        return result;
    }
    // The index is enough: a photo that fails to decode is skipped, with a warning, later.
    ScanResult scan = indexDataset(data.dataset);
    if (!scan.located) {
        result.error = scan.fatalError;
        return result;
    }
    result.datasetRoot = scan.dataset.root;
    result.workspaceDir =
        data.workspace.isEmpty() ? Workspace::defaultDirFor(scan.dataset.root) : data.workspace;
    const Workspace workspace(result.workspaceDir, scan.dataset.root);
    QString error;
    auto overlay = workspace.loadOverlay(&error);
    if (!overlay) {
        result.error = QStringLiteral("the relabel overlay cannot be read: %1").arg(error);
        return result;
    }
    auto thresholds = workspace.loadThresholds(&error);
    if (!thresholds) {
        result.error = error;
        return result;
    }
    result.thresholds = *thresholds;
    if (data.ageMiddleFrom)
        result.thresholds.middleFrom = *data.ageMiddleFrom;
    if (data.ageOldFrom)
        result.thresholds.oldFrom = *data.ageOldFrom;
    if (!result.thresholds.isValid()) {
        result.error = QStringLiteral("age groups: middle from %1 must be below old from %2")
                           .arg(result.thresholds.middleFrom)
                           .arg(result.thresholds.oldFrom);
        return result;
    }
    result.labels =
        LabeledDataset(std::make_shared<Dataset>(std::move(scan.dataset)), std::move(*overlay));
    result.ok = true;
    return result;
}

} // namespace masklab
