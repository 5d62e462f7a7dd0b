#pragma once
// A submission file (ImageID,ans: one answer 0..17 per eval image, in info.csv's order) and the
// comparison of two of them: how many answers agree, which classes changed into which.

#include "labels.h"

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <vector>

namespace masklab {

struct Submission
{
    QString path;
    QStringList ids;          // in the file's order
    std::vector<int> answers; // 0..17, one per id
    std::vector<int> lines;   // the line each row starts on, for messages
};

// Reads a submission strictly: the header must be ImageID,ans; every answer an integer 0..17;
// no ImageID empty or repeated. Nothing when it is not one; error says
// "<path>: line <n>: <reason>".
std::optional<Submission> readSubmissionFile(const QString &path, QString *error);

// The text of a submission: the header, then one "id,answer" line per image.
QString submissionText(const QStringList &ids, const std::vector<int> &answers);

struct ChangedAnswer
{
    QString id;
    int from = 0; // the first submission's answer
    int to = 0;   // the second's
};

struct SubmissionComparison
{
    int images = 0;
    int agreeing = 0;
    // changes[from][to]: images answered `from` in the first submission and `to` in the second
    // (the diagonal stays zero).
    std::array<std::array<int, kClassCount>, kClassCount> changes{};
    std::vector<ChangedAnswer> changed; // in the first submission's order

    double agreement() const { return images > 0 ? double(agreeing) / images : 1.0; }
};

// Compares two submissions image by image (matched by ImageID, so the order may differ).
// Nothing when they do not answer the same images; error names the first ImageID one of the
// files lacks, and the file and line where the other has it.
std::optional<SubmissionComparison> compareSubmissions(const Submission &first,
                                                       const Submission &second, QString *error);

// The comparison as text for a terminal or a log: the agreement, then one line per
// (from, to) pair that changed, most frequent first, with the class names.
QString comparisonReport(const SubmissionComparison &comparison, const QString &firstName,
                         const QString &secondName);

} // namespace masklab
