#pragma once
// Duplicates found without a model: the same photo under two persons, one person under two ids
// (several of their photos are copies), and eval images that copy a training photo (leakage: the
// eval image's answer is that photo's label). Photo hashes are cached in the workspace, so a
// second search only reads the files that changed.

#include "imagehash.h"
#include "labeleddataset.h"
#include "progress.h"
#include "suspect.h"

namespace masklab::finder {

struct DuplicateOptions
{
    // A pair is compared only when at most this many of the 64 perceptual-hash bits differ
    // (re-encoding or resizing a photo flips a handful), or when the bytes are the same.
    int maxHashDistance = 12;
    // Two photos are copies when their 16x16 grey thumbnails differ by at most this many grey
    // levels on average (each relative to its own mean). Measured (bench/duplicatebench): copies
    // re-encoded at JPEG quality 50-95 or as PNG stay under 0.8, brightened by 8 levels under
    // 1.8, shrunk to 90% under 2.4; photos of different generated persons came no closer than
    // 2.7 in 31,500 photos (real photos of different people differ more than painted ones).
    double maxThumbnailDifference = 2.5;
    // This many photos of one person copied in another make it one person under two ids.
    int samePersonPhotos = 3;
    int threads = 0; // 0: one per core
};

struct DuplicateResult
{
    bool ok = false;
    QString error;
    std::vector<Suspect> suspects; // ranked
    int images = 0;                // hashed (train and eval)
    int hashedNow = 0;             // of them, read this time (the rest came from the cache)
    QStringList undecodable;       // relative paths that could not be hashed
};

// cacheFile: where the hashes are kept between searches (created; empty: no cache).
DuplicateResult findDuplicates(const LabeledDataset &labels, const QString &cacheFile,
                               const DuplicateOptions &options, const ProgressSink &progress = {});

// What a duplicate suspect suggests: exclude this copy (or person) from training, or, for an eval
// image that copies a training photo, that its answer is this photo's class.
inline const char *kExcludeCopy = "exclude";
inline const char *kKnownLabel = "known-label";

} // namespace masklab::finder
