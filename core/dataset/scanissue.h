#pragma once
// One finding of the dataset scanner, and the report that collects them.

#include <QString>

#include <vector>

namespace masklab {

enum class Severity
{
    Info = 0,
    Warning = 1,
    Error = 2
};
QString severityName(Severity severity); // info, warning, error

// A stable code per kind of finding, for filtering, tests and --json consumers.
enum class IssueKind
{
    DatasetLayout,     // train.csv or images/ missing
    CsvSyntax,         // unterminated quote, row with too few fields
    CsvMissingColumn,  // a required column is absent
    CsvBadValue,       // non-numeric age, unknown gender, empty field
    UnsafePath,        // a path from a CSV that would leave the dataset root
    DuplicateRow,      // two rows for the same folder / ImageID
    DuplicateId,       // the same id for two folders (real: 3397) - info
    RowWithoutFolder,  // train.csv row whose folder is missing
    FolderWithoutRow,  // folder in images/ without a train.csv row
    BadFolderName,     // folder name not "<id>_<gender>_<race>_<age>"
    FolderRowMismatch, // folder name disagrees with its CSV row
    JunkEntry,         // "._*", ".DS_Store" - skipped
    UnknownFile,       // a file that is not one of the 7 photos
    DuplicateStem,     // two files for one photo (mask1.jpg + mask1.png)
    MissingPhoto,      // one of the 7 photos absent
    EmptyImage,        // zero-byte file
    UnreadableImage,   // header not an image / cannot open
    UndecodableImage,  // full decode failed (--deep)
    UnexpectedSize,    // not 384x512 - info
    EvalRowWithoutImage,
    EvalImageWithoutRow,
    WorkspaceFile, // the workspace's overlay or settings cannot be read (labels then unknown)
};
QString issueKindName(IssueKind kind); // kebab-case, e.g. "missing-photo"

struct ScanIssue
{
    Severity severity = Severity::Info;
    IssueKind kind = IssueKind::DatasetLayout;
    QString path; // relative to the dataset root, e.g. "train/images/000001_.../mask1.jpg"
    int line = 0; // 1-based line in the CSV named by path; 0 when not about a line
    QString reason;
    QString person;     // the person folder it concerns, when it concerns one
    int photoSlot = -1; // and the photo slot (0..6), when it concerns one photo
};

struct IssueCounts
{
    int errors = 0;
    int warnings = 0;
    int infos = 0;
};
IssueCounts countIssues(const std::vector<ScanIssue> &issues);

} // namespace masklab
