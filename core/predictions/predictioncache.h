#pragma once
// Stored predictions in the workspace (<workspace>/predictions/<key>/): what an ensemble
// answered on an eval set, keyed by its members (run folder, checkpoint and the checkpoint
// file's size and time), the test-time augmentation and the eval set's fingerprint, so that
// predicting the same thing again reads the files instead of running the models.

#include "evalpredictions.h"
#include "evalset.h"

#include <QDateTime>

#include <optional>
#include <vector>

namespace masklab {

struct PredictionRequest
{
    std::vector<PredictionMember> members;
    bool flipTta = false; // also predict each image mirrored left-right and average the two
    QString evalDir;      // the eval folder or the dataset root

    // "r1 (best) + r2 (last), flip TTA"
    QString description() const;
};

// The members a path names: a run folder (config.yaml) is one; a folder of fold runs
// (fold-1, fold-2, ...: a finder or K-fold job) is all of them, named "<folder>/fold-k".
// Nothing when it is neither (error says so).
std::optional<std::vector<PredictionMember>> membersAt(const QString &path,
                                                       const QString &checkpoint, QString *error);

// What the cache holds for one key: the request it answered and when.
struct StoredPrediction
{
    QString key;
    QString dir;
    PredictionRequest request;
    QString evalFingerprint;
    QDateTime created;
    int images = 0;
};

// What the cache knows of a request: its eval set, its key and, when stored, its predictions.
struct CacheLookup
{
    std::optional<EvalSet> eval; // nothing: the eval set or a checkpoint is unreadable (error)
    QString key;
    std::optional<EvalPredictions> stored;
    QString error;
};

class PredictionCache
{
public:
    explicit PredictionCache(QString dir) : m_dir(std::move(dir)) {}
    // <workspace>/predictions
    static PredictionCache forWorkspace(const QString &workspaceDir);

    // The key of a request on an eval set; nothing when a member's checkpoint is missing
    // (error names the run and the file).
    static std::optional<QString> key(const PredictionRequest &request, const EvalSet &eval,
                                      QString *error);

    // Reads the eval set, makes the key and loads what is stored (a cache without a folder,
    // PredictionCache(QString()), stores nothing).
    CacheLookup lookup(const PredictionRequest &request) const;
    // Nothing when the key was never stored, or its files are incomplete or do not match
    // the eval set (then it is predicted again).
    std::optional<EvalPredictions> load(const QString &key, const EvalSet &eval) const;
    // Writes the members' tables, then the description that makes the entry count.
    bool store(const QString &key, const PredictionRequest &request, const EvalSet &eval,
               const EvalPredictions &predictions, QString *error) const;
    // The stored entries, newest first.
    std::vector<StoredPrediction> list() const;

    QString dir() const { return m_dir; }

private:
    // key() and load() with the eval set's fingerprint already taken.
    static std::optional<QString> keyFor(const PredictionRequest &request,
                                         const QString &fingerprint, QString *error);
    std::optional<EvalPredictions> loadFor(const QString &key, const EvalSet &eval,
                                           const QString &fingerprint) const;
    QString entryDir(const QString &key) const { return m_dir + u'/' + key; }
    std::optional<StoredPrediction> readEntry(const QString &key) const;

    QString m_dir;
};

} // namespace masklab
