#pragma once
// A finder run's folder, <workspace>/finder/<id>: one per training config and number of folds,
// so running the finder again with the same config finds its folds and reuses them.
//   folds.csv     each person's fold, drawn once (the folds stay put when labels change)
//   fold-K/       the run folder of fold K (the trainer's), plus fingerprint.txt: the labels it
//                 trained on
//   oof.csv       every photo's out-of-fold probabilities
//   finder.json   when, how long, the labels every person had, photos without a prediction
//   suspects.csv, suspects.json   the ranked list as last written
//   estimate.json how many of them are likely real errors (errorestimate.h)

#include "labeleddataset.h"
#include "outoffold.h"
#include "trainconfig.h"

#include <QDateTime>
#include <QHash>

namespace masklab::finder {

struct FinderRunInfo
{
    int folds = 0;
    QString config; // the config's hash (the folder's name)
    QDateTime finished;
    double seconds = 0; // training time of the folds trained by this call
    int reusedFolds = 0;
    QHash<QString, QString> labels; // folder -> personLabelSignature when the folds trained
    QStringList skipped;            // photos without a prediction (did not decode)
};

class FinderRun
{
public:
    explicit FinderRun(QString dir) : m_dir(std::move(dir)) {}

    // <workspace>/finder/<hash of the config (what changes the models) and the folds>.
    static FinderRun forConfig(const QString &workspaceDir, const TrainConfig &config, int folds);
    static QString configHash(const TrainConfig &config, int folds);
    // The finder runs of a workspace that have finished (an oof.csv), newest first.
    static QStringList list(const QString &workspaceDir);

    QString dir() const { return m_dir; }
    QString foldsFile() const { return m_dir + QStringLiteral("/folds.csv"); }
    QString foldDir(int fold) const { return m_dir + QStringLiteral("/fold-%1").arg(fold + 1); }
    QString outOfFoldFile() const { return m_dir + QStringLiteral("/oof.csv"); }
    QString infoFile() const { return m_dir + QStringLiteral("/finder.json"); }
    QString suspectsCsvFile() const { return m_dir + QStringLiteral("/suspects.csv"); }
    QString suspectsJsonFile() const { return m_dir + QStringLiteral("/suspects.json"); }
    QString estimateFile() const { return m_dir + QStringLiteral("/estimate.json"); }

    bool writeInfo(const FinderRunInfo &info, QString *error) const;
    std::optional<FinderRunInfo> readInfo(QString *error) const;

private:
    QString m_dir;
};

// What a person's labels are, in one comparable line: gender, age, each photo's mask state and
// exclusion.
QString personLabelSignature(const LabeledDataset &labels, int person);
QHash<QString, QString> personLabelSignatures(const LabeledDataset &labels);
// The persons (folders) whose labels differ now from when a finder run's folds trained.
QStringList changedPersons(const FinderRunInfo &info, const LabeledDataset &labels);
// A hash of the labels a fold trains on: each training photo's folder, slot and class.
QString trainingFingerprint(const LabeledDataset &labels, const std::vector<int> &persons,
                            const AgeThresholds &ages);

} // namespace masklab::finder
