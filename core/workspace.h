#pragma once
// A dataset's MaskLab workspace: the folder beside the dataset where MaskLab keeps what it
// writes (the relabel overlay now; caches, statistics and runs later). Never inside the dataset.

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

    // The overlay and settings files that cannot be read, as errors for a check report (EDA,
    // training and the app refuse to use the labels until they are fixed or set aside).
    std::vector<ScanIssue> fileIssues() const;

private:
    QString m_dir;
    QString m_datasetRoot;
};

} // namespace masklab
