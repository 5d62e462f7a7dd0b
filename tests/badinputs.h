#pragma once
// The bad-input corpus: plants broken and unusual inputs into copies of a synthetic dataset, a
// workspace, configs, weights files and run folders, each with what MaskLab must say about it.
// tst_badinputs runs every entry point on them (check, check --deep, eda, train, predict,
// export-labels, the app opening the dataset).

#include <QString>

#include <vector>

namespace masklab::test {

// One planted input and the expected outcome.
struct BadInput
{
    QString name;          // a short description, the test row's name
    QString root;          // the dataset (or folder) it was planted in
    QString file;          // the file a message must name, relative to root (or absolute)
    QString expected;      // a part of the message about it; empty: accepted without a finding
    int line = 0;          // the CSV line the message must name, when not 0
    bool deepOnly = false; // found by check --deep only (full decode)
    bool leftOutOfTraining = false; // a photo a training run must skip and list
};

// Photos, one per person of `root` (made by makeSynthDataset with at least 26 persons, 96x128):
// broken ones the scan reports (header or --deep), unusual but valid ones it accepts. Also a
// directory, a symlink loop and odd names in the images folder. The slot of each is mask1.
std::vector<BadInput> plantPhotos(const QString &root);

// train.csv and eval/info.csv broken in one way each, each in its own copy of `base` under
// `outDir`.
std::vector<BadInput> plantCsvCases(const QString &base, const QString &outDir);

// Workspace files (overlay.yaml, settings.yaml), each in the workspace of its own copy of
// `base`; file is the broken file's absolute path.
std::vector<BadInput> plantWorkspaceCases(const QString &base, const QString &outDir);

// Training configs (file: the config's absolute path; root: unused).
std::vector<BadInput> plantConfigCases(const QString &outDir);

// Weights files for model.pretrained; `valid` is a state dict MaskLab exported for another
// architecture than the one trained (copied as the wrong-architecture case). One of them would
// create outDir/pwned if its pickle were run as Python would.
std::vector<BadInput> plantWeightsCases(const QString &valid, const QString &outDir);

} // namespace masklab::test
