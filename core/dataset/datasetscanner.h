#pragma once
// Reads a competition dataset folder into a Dataset and a list of every problem found.
// The scanner never stops at a problem: it reports it and keeps going. It never writes.

#include "dataset.h"
#include "progress.h"
#include "scanissue.h"

#include <QString>

#include <optional>
#include <vector>

namespace masklab {

constexpr int kExpectedImageWidth = 384;
constexpr int kExpectedImageHeight = 512;

struct DatasetLocation
{
    QString root;     // holds train/ and maybe eval/
    QString trainDir; // root/train
    QString evalDir;  // root/eval, empty when absent
};

// Accepts the dataset root, its train folder, or train/images itself. Nothing (and a message in
// error) when the path holds no competition dataset.
std::optional<DatasetLocation> locateDataset(const QString &path, QString *error);

struct ScanOptions
{
    bool deep = false; // fully decode every image instead of reading headers only
    int threads = 0;   // 0: one per core
};

struct ScanResult
{
    bool located = false; // false: nothing was scanned, fatalError says why
    QString fatalError;
    bool cancelled = false;
    Dataset dataset;
    std::vector<ScanIssue> issues;
    double seconds = 0;
};

// The whole scan: indexDataset() then checkDatasetImages().
ScanResult scanDataset(const QString &path, const ScanOptions &options = {},
                       const ProgressSink &progress = {});

// The first part: CSV files and folder listings, no image is opened. Enough to browse.
ScanResult indexDataset(const QString &path, const ScanOptions &options = {},
                        const ProgressSink &progress = {});
// The second part: reads every image's header (or decodes it, deep), filling in each image's
// status and size and adding the findings.
void checkDatasetImages(ScanResult &result, const ScanOptions &options = {},
                        const ProgressSink &progress = {});

} // namespace masklab
