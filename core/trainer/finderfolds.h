#pragma once
// The folds of one finder run (internal to the error finder): which persons each fold holds
// out, the labels each trains on (a fingerprint), whether an earlier fold can be reused or
// continued, and reading a fold's out-of-fold predictions back. Nothing here writes except
// writeFoldsFile().

#include "effectivelabels.h"
#include "errorfinder.h"
#include "personsplit.h"
#include "runpace.h"

namespace masklab::trainer {

enum class FoldState
{
    Done,   // trained on these labels: reuse its predictions
    Resume, // stopped on these labels: continue from last.pt
    Fresh,  // nothing there yet
    Stale   // trained on other labels, or broken: removed and trained again
};

// The file in a fold's folder that holds the fingerprint of the labels it trained on.
inline const char *kFingerprintFile = "fingerprint.txt";

class FinderFolds
{
public:
    explicit FinderFolds(const FinderOptions &options) : m_options(options) {}

    // Validates the options, reads the labels and the folds (kept, or drawn anew in memory).
    bool prepare(QString *error);
    FoldState stateOf(int fold) const;
    int epochsDone(int fold) const;
    TrainConfig foldConfig(int fold) const;
    PersonSplit split(int fold) const;
    QString fingerprint(int fold) const;
    int photos() const;
    bool writeFoldsFile(QString *error) const;
    bool readPredictions(int fold, std::vector<finder::PhotoPrediction> &rows, QStringList &skipped,
                         QString *error) const;

    const FinderOptions &options() const { return m_options; }
    const EffectiveLabels &effective() const { return m_effective; }
    const finder::FinderRun &run() const { return m_run; }

private:
    FinderOptions m_options;
    EffectiveLabels m_effective;
    finder::FinderRun m_run{QString()};
    FoldOfFolder m_foldOf;
    QString m_newFoldsText; // set when folds.csv must be (re)written
};

} // namespace masklab::trainer
