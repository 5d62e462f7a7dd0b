#pragma once
// Exports of the effective labels: a corrected train.csv, the list of edits, and a whole
// corrected dataset in the competition layout for other tools.

#include "labeleddataset.h"
#include "progress.h"

#include <QString>

namespace masklab {

// train.csv in the competition's format (id,gender,race,age,path) with corrected gender, race
// and age; path stays the original folder so it still matches the original images.
QString correctedTrainCsv(const LabeledDataset &labels);

// folder,photo,field,old,new,time: one row per edit.
QString editsCsv(const LabelOverlay &overlay);

// Photo file names in a corrected person folder, by effective mask state in slot order: worn
// photos mask1.., incorrect ones incorrect_mask(, incorrect_mask2..), normal ones normal(, ..).
// Excluded photos get an empty name (left out).
std::array<QString, kPhotoSlotCount> correctedPhotoStems(const LabeledDataset &labels, int index);

struct DatasetExportResult
{
    bool ok = false;
    QString error;
    int persons = 0;
    int renamedFolders = 0;
    int linked = 0; // hard links: no extra disk space
    int copied = 0; // where a hard link was not possible (another file system)
    int excluded = 0;
    int evalImages = 0;
};

// Writes out/train/train.csv, out/train/images/<corrected folder>/<corrected name>.<ext> and
// out/eval (when the dataset has one). out must not exist or be empty, and must not be inside
// the dataset.
DatasetExportResult exportCorrectedDataset(const LabeledDataset &labels, const QString &out,
                                           const ProgressSink &progress = {});

} // namespace masklab
