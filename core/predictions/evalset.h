#pragma once
// The eval images a submission answers: info.csv's ImageIDs in order, and a fingerprint of the
// set that changes when info.csv or any image file does (to key stored predictions).

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace masklab {

struct EvalSet
{
    QString dir;     // the eval folder: info.csv and images/
    QStringList ids; // info.csv's ImageID column, in order
    std::vector<int> lines;

    QString imagePath(int image) const { return dir + QStringLiteral("/images/") + ids[image]; }
};

// dir is the eval folder or the dataset root holding eval/. Nothing when info.csv cannot be read
// or an ImageID is empty, repeated or not a plain file name; error names the file and line.
std::optional<EvalSet> readEvalSet(const QString &dir, QString *error);

// A hash of info.csv's bytes and each image's name, size and modification time (no decoding,
// so it costs a stat per image).
QString evalFingerprint(const EvalSet &eval);

} // namespace masklab
