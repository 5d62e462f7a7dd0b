#pragma once
// Writes a synthetic dataset in the exact competition layout, plus the truth beside it.

#include "progress.h"

#include <QString>

#include <cstdint>

namespace masklab::synth {

struct SynthOptions
{
    int persons = 300;
    int evalPersons = 0;
    uint64_t seed = 1;
    double labelNoise = 0; // fraction of train persons given one label error
    int width = 384;
    int height = 512;
    bool quirks = true; // unpadded/suffixed/duplicate ids, .png/.jpeg photos, a junk file
    QString truthDir;   // empty: "<out>-truth" beside the dataset
    int threads = 0;    // 0: one per core
};

struct SynthResult
{
    bool ok = false;
    QString error;
    QString truthDir;
    int images = 0;
    int noisyPersons = 0;
    double seconds = 0;
};

// Refuses an existing non-empty out folder: it never overwrites anything. Writes
//   out/train/train.csv, out/train/images/<folder>/<stem>.<ext>,
//   out/eval/info.csv, out/eval/images/<40 hex>.jpg (when evalPersons > 0),
//   truth/label_noise.csv (folder,kind,photo,field,recorded,true),
//   truth/persons.csv (folder,true_gender,true_age), truth/eval_truth.csv (ImageID,ans).
SynthResult writeSynthDataset(const QString &outDir, const SynthOptions &options,
                              const ProgressSink &progress = {});

} // namespace masklab::synth
