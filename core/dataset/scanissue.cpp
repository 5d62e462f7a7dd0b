#include "scanissue.h"

namespace masklab {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    }
    return {};
}

QString issueKindName(IssueKind kind)
{
    switch (kind) {
    case IssueKind::DatasetLayout:
        return QStringLiteral("dataset-layout");
    case IssueKind::CsvSyntax:
        return QStringLiteral("csv-syntax");
    case IssueKind::CsvMissingColumn:
        return QStringLiteral("csv-missing-column");
    case IssueKind::CsvBadValue:
        return QStringLiteral("csv-bad-value");
    case IssueKind::UnsafePath:
        return QStringLiteral("unsafe-path");
    case IssueKind::DuplicateRow:
        return QStringLiteral("duplicate-row");
    case IssueKind::DuplicateId:
        return QStringLiteral("duplicate-id");
    case IssueKind::RowWithoutFolder:
        return QStringLiteral("row-without-folder");
    case IssueKind::FolderWithoutRow:
        return QStringLiteral("folder-without-row");
    case IssueKind::BadFolderName:
        return QStringLiteral("bad-folder-name");
    case IssueKind::FolderRowMismatch:
        return QStringLiteral("folder-row-mismatch");
    case IssueKind::JunkEntry:
        return QStringLiteral("junk-entry");
    case IssueKind::UnknownFile:
        return QStringLiteral("unknown-file");
    case IssueKind::DuplicateStem:
        return QStringLiteral("duplicate-stem");
    case IssueKind::MissingPhoto:
        return QStringLiteral("missing-photo");
    case IssueKind::EmptyImage:
        return QStringLiteral("empty-image");
    case IssueKind::UnreadableImage:
        return QStringLiteral("unreadable-image");
    case IssueKind::UndecodableImage:
        return QStringLiteral("undecodable-image");
    case IssueKind::UnexpectedSize:
        return QStringLiteral("unexpected-size");
    case IssueKind::EvalRowWithoutImage:
        return QStringLiteral("eval-row-without-image");
    case IssueKind::WorkspaceFile:
        return QStringLiteral("workspace-file");
    case IssueKind::EvalImageWithoutRow:
        return QStringLiteral("eval-image-without-row");
    }
    return {};
}

IssueCounts countIssues(const std::vector<ScanIssue> &issues)
{
    IssueCounts counts;
    for (const ScanIssue &issue : issues) {
        switch (issue.severity) {
        case Severity::Error:
            ++counts.errors;
            break;
        case Severity::Warning:
            ++counts.warnings;
            break;
        case Severity::Info:
            ++counts.infos;
            break;
        }
    }
    return counts;
}

} // namespace masklab
