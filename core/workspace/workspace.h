#pragma once
// A dataset's MaskLab workspace: the folder beside the dataset where MaskLab keeps what it
// writes. Never inside the dataset. This class owns the overlay, the settings and the image
// statistics cache; runs/ belongs to runrecord.h, predictions/ to predictioncache.h, the
// finder's folder to finderrun.h, and masklab.lock to workspacelock.h; the thumbnails are the
// user's, in thumbnailstore.h.

#include "imagestatistics.h"
#include "labeloverlay.h"
#include "labels.h"
#include "scanissue.h"

#include <QString>

#include <optional>
#include <vector>

namespace masklab {

class Workspace
{
public:
    // "<dataset root>.masklab", beside the dataset.
    static QString defaultDirFor(const QString &datasetRoot);

    Workspace(QString dir, QString datasetRoot);

    QString dir() const { return m_dir; }
    QString datasetRoot() const { return m_datasetRoot; }
    QString overlayPath() const;
    // A workspace inside the dataset folder would write into it: refused.
    bool isInsideDataset() const;

    // Missing file: an empty overlay. Unreadable or invalid: nothing, and error names the file,
    // the line and the reason. The file is never changed or discarded by loading.
    std::optional<LabelOverlay> loadOverlay(QString *error) const;
    // Atomic: a crash leaves either the old or the new file, never a partial one.
    bool saveOverlay(const LabelOverlay &overlay, QString *error) const;
    // Renames a broken overlay aside ("overlay.corrupt-<time>.yaml") so editing can start over
    // without losing it. Returns the new path, or nothing (error set).
    std::optional<QString> setAsideOverlay(QString *error) const;

    // Writes a text file into the workspace (created when missing), atomically.
    bool writeFile(const QString &name, const QString &text, QString *error) const;

    // The age-group thresholds chosen for this dataset (EDA what-if, used by the trainer).
    // No settings file: the defaults. Invalid: nothing, error names the file and key.
    QString settingsPath() const;
    std::optional<AgeThresholds> loadThresholds(QString *error) const;
    bool saveThresholds(const AgeThresholds &thresholds, QString *error) const;

    // The image statistics of the train photos or the eval images (EDA's image check; the
    // trainer's dataset normalisation), cached here. Nothing when not cached, unreadable, or
    // made for another number of images than `images` (the dataset changed since).
    enum class ImageSet
    {
        Train,
        Eval
    };
    QString imageStatisticsPath(ImageSet set) const;
    std::optional<ImageStatistics> loadImageStatistics(ImageSet set, qint64 images) const;
    bool saveImageStatistics(ImageSet set, const ImageStatistics &stats, QString *error) const;

    // The overlay and settings files that cannot be read, as errors for a check report (EDA,
    // training and the app refuse to use the labels until they are fixed or set aside).
    std::vector<ScanIssue> fileIssues() const;

private:
    QString m_dir;
    QString m_datasetRoot;
};

} // namespace masklab
