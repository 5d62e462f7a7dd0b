// masklab-cli check DATASET [--deep] [--json]

#include "commandline.h"
#include "commands.h"
#include "datasetscanner.h"
#include "reportformat.h"
#include "terminalprogress.h"
#include "workspace.h"

#include <QCommandLineParser>

#include <cstdio>

namespace masklab::cli {

namespace {
const char kCheckHelp[] =
    "Usage: masklab-cli check DATASET [--deep] [--json] [--threads N] [--workspace DIR]\n"
    "\n"
    "Validates a competition dataset and prints every problem as\n"
    "  severity  path[:line]  kind  reason\n"
    "then a summary line. DATASET may be the dataset root, its train folder or train/images.\n"
    "The dataset is only read, never written.\n"
    "\n"
    "Options:\n"
    "  --deep        fully decode every image (in parallel) instead of reading headers only\n"
    "  --json        print the report as JSON on stdout (progress still goes to stderr)\n"
    "  --threads N   worker threads (default: one per core)\n"
    "  --workspace DIR  the workspace whose relabel overlay and settings are checked too\n"
    "                (default: DATASET.masklab beside the dataset)\n"
    "  -h, --help    this text\n"
    "\n"
    "Exit codes: 0 no errors (warnings and infos allowed), 1 errors found, 2 usage or I/O "
    "failure.\n";
} // namespace

int runCheck(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("deep"), QString()});
    parser.addOption({QStringLiteral("json"), QString()});
    parser.addOption({QStringLiteral("threads"), QString(), QStringLiteral("N")});
    parser.addOption({QStringLiteral("workspace"), QString(), QStringLiteral("DIR")});
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "check", arguments, kCheckHelp, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        std::fprintf(stderr, "masklab-cli check: expected one DATASET folder, got %d\n\n%s",
                     int(positional.size()), kCheckHelp);
        return kExitUsage;
    }
    ScanOptions options;
    options.deep = parser.isSet(QStringLiteral("deep"));
    if (parser.isSet(QStringLiteral("threads"))) {
        bool ok = false;
        options.threads = parser.value(QStringLiteral("threads")).toInt(&ok);
        if (!ok || options.threads < 1) {
            std::fprintf(stderr,
                         "masklab-cli check: --threads must be a positive number, got "
                         "'%s'\n",
                         qPrintable(parser.value(QStringLiteral("threads"))));
            return kExitUsage;
        }
    }

    TerminalProgress bar;
    ScanResult result = scanDataset(positional.front(), options, bar.sink());
    bar.finish();
    if (!result.located) {
        std::fprintf(stderr, "masklab-cli check: %s\n", qPrintable(result.fatalError));
        return kExitUsage;
    }
    // The workspace beside the dataset holds the relabel overlay: if it cannot be read, eda and
    // train refuse to run, so the check says so too.
    const QString workspaceDir = parser.isSet(QStringLiteral("workspace"))
                                     ? parser.value(QStringLiteral("workspace"))
                                     : Workspace::defaultDirFor(result.dataset.root);
    for (ScanIssue &issue : Workspace(workspaceDir, result.dataset.root).fileIssues())
        result.issues.push_back(std::move(issue));
    if (parser.isSet(QStringLiteral("json"))) {
        std::fputs(scanReportJson(result).constData(), stdout);
    } else {
        for (const ScanIssue &issue : result.issues)
            std::printf("%s\n", qPrintable(formatIssueLine(issue)));
        std::printf("%s: %s (%.2f s)\n", qPrintable(result.dataset.root),
                    qPrintable(scanSummaryLine(result)), result.seconds);
    }
    return countIssues(result.issues).errors > 0 ? kExitFindings : kExitOk;
}

} // namespace masklab::cli
