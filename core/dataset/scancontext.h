#pragma once
// Shared state of one scan, used by the train and eval parts of the scanner (internal).

#include "csvtable.h"
#include "datasetscanner.h"

#include <QDir>

namespace masklab::detail {

struct ScanContext
{
    Dataset &dataset;
    std::vector<ScanIssue> &issues;
    const ProgressSink &progress;

    // Returns the issue, so callers can say which person and photo it concerns.
    ScanIssue &add(Severity severity, IssueKind kind, const QString &path, int line,
                   const QString &reason)
    {
        return issues.emplace_back(ScanIssue{severity, kind, path, line, reason, {}, -1});
    }
    // Reads a CSV, reporting a missing or unreadable file and the first syntax error.
    std::optional<CsvTable> readCsv(const QString &path, const QString &missingReason);
    // Reports a junk entry ("._x", ".DS_Store") as info; false when name is not junk.
    bool reportJunk(const QString &folderRel, const QString &name);
    // Junk is reported as info, anything else as an unknown file with the given reason (about
    // `person` when the folder is a person's).
    void reportStray(const QString &folderRel, const QString &name, const QString &reason,
                     const QString &person = {});

    // Path relative to the dataset root, as reports show it.
    QString relative(const QString &absolutePath) const
    {
        return QDir(dataset.root).relativeFilePath(absolutePath);
    }
};

// A CSV value that names a file or folder must be a plain name inside its folder.
bool isSafeName(const QString &name);

// Lists a folder (hidden entries included) sorted by name; files and folders separately.
struct FolderListing
{
    bool readable = false;
    QStringList files;
    QStringList folders;
};
FolderListing listFolder(const QString &path);

void scanTrain(ScanContext &context);
void scanEval(ScanContext &context);
// Header read (or full decode) of every present image, in parallel; fills ImageInfo.
void checkImages(ScanContext &context, const ScanOptions &options);

} // namespace masklab::detail
