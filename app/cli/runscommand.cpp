// masklab-cli runs DATASET | --workspace DIR [--sweep NAME] [--csv FILE]
// masklab-cli runs --diff RUN_A RUN_B

#include "commandline.h"
#include "commands.h"
#include "runtable.h"
#include "textfile.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QDir>

#include <algorithm>
#include <cstdio>

namespace masklab::cli {

namespace {

const char kRunsHelp[] =
    "Usage: masklab-cli runs DATASET [--sweep NAME] [--csv FILE]\n"
    "       masklab-cli runs --workspace DIR [--sweep NAME] [--csv FILE]\n"
    "       masklab-cli runs --diff RUN_A RUN_B\n"
    "\n"
    "The runs of a workspace side by side: status, epochs, best and last validation macro F1,\n"
    "the per-head F1 of the best epoch, seconds, and one column per config key whose value\n"
    "differs among them (keys equal everywhere are left out).\n"
    "\n"
    "  --workspace DIR  the workspace (default: DATASET's, <dataset>.masklab beside it)\n"
    "  --sweep NAME     only that sweep's runs, with the sweep's states\n"
    "  --csv FILE       write the table as CSV instead of printing it\n"
    "  --diff           two run folders side by side, and every config key they differ in\n";

void printTable(const RunTable &table)
{
    const QStringList columns = table.columns();
    std::vector<int> widths;
    for (int c = 0; c < int(columns.size()); ++c) {
        int width = int(columns[c].size());
        for (int r = 0; r < int(table.rows.size()); ++r)
            width = std::max(width, int(table.cell(r, c).size()));
        widths.push_back(width);
    }
    auto printRow = [&](const std::function<QString(int)> &text) {
        QString line;
        for (int c = 0; c < int(columns.size()); ++c)
            line += text(c).leftJustified(widths[size_t(c)] + 2);
        std::printf("%s\n", qPrintable(line.trimmed()));
    };
    printRow([&](int c) { return columns[c]; });
    for (int r = 0; r < int(table.rows.size()); ++r)
        printRow([&](int c) { return table.cell(r, c); });
}

int diffRuns(const QStringList &runDirs)
{
    const RunTable table = compareRuns(runDirs);
    for (const QString &dir : runDirs)
        if (std::none_of(table.rows.begin(), table.rows.end(),
                         [&](const RunRow &row) { return row.summary.dir == dir; })) {
            std::fprintf(stderr, "masklab-cli runs: %s: not a run folder (no config.yaml)\n",
                         qPrintable(dir));
            return kExitUsage;
        }
    printTable(table);
    const RunRow &a = table.rows[0], &b = table.rows[1];
    if (!a.config || !b.config) {
        std::fprintf(stderr, "masklab-cli runs: %s/config.yaml is not a valid config\n",
                     qPrintable((a.config ? b : a).summary.dir));
        return kExitUsage;
    }
    const std::vector<ConfigDifference> differences = configDifferences(*a.config, *b.config);
    std::printf("\n%zu config keys differ%s\n", differences.size(), differences.empty() ? "" : ":");
    for (const ConfigDifference &d : differences)
        std::printf("  %-32s %s -> %s\n", qPrintable(d.key), qPrintable(d.a), qPrintable(d.b));
    return kExitOk;
}

} // namespace

int runRuns(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("workspace"), QString(), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("sweep"), QString(), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("csv"), QString(), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("diff"), QString()});
    parser.addPositionalArgument(QStringLiteral("dataset"), QString());
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "runs", arguments, kRunsHelp, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("diff"))) {
        if (positional.size() != 2) {
            std::fprintf(stderr, "masklab-cli runs: --diff takes two run folders\n\n%s", kRunsHelp);
            return kExitUsage;
        }
        return diffRuns({QDir(positional[0]).absolutePath(), QDir(positional[1]).absolutePath()});
    }
    if (positional.size() != (parser.isSet(QStringLiteral("workspace")) ? 0 : 1)) {
        std::fprintf(stderr, "masklab-cli runs: give DATASET or --workspace DIR\n\n%s", kRunsHelp);
        return kExitUsage;
    }
    const QString workspace = parser.isSet(QStringLiteral("workspace"))
                                  ? parser.value(QStringLiteral("workspace"))
                                  : Workspace::defaultDirFor(QDir(positional[0]).absolutePath());
    if (!QFileInfo(workspace).isDir()) {
        std::fprintf(stderr, "masklab-cli runs: %s: no such workspace folder\n",
                     qPrintable(workspace));
        return kExitUsage;
    }
    RunTable table;
    if (parser.isSet(QStringLiteral("sweep"))) {
        const QString sweep = parser.value(QStringLiteral("sweep"));
        QString error;
        const std::optional<RunTable> runs = compareSweepRuns(workspace, sweep, &error);
        if (!runs) {
            std::fprintf(stderr, "masklab-cli runs: no sweep %s: %s\n", qPrintable(sweep),
                         qPrintable(error));
            return kExitUsage;
        }
        table = *runs;
    } else {
        table = compareRuns(listRunFolders(workspace));
    }
    if (!parser.isSet(QStringLiteral("csv"))) {
        printTable(table);
        return kExitOk;
    }
    QString error;
    if (!writeFileAtomically(parser.value(QStringLiteral("csv")), table.csv(), &error)) {
        std::fprintf(stderr, "masklab-cli runs: %s\n", qPrintable(error));
        return kExitUsage;
    }
    std::printf("%zu runs, %lld columns: %s\n", table.rows.size(),
                static_cast<long long>(table.columns().size()),
                qPrintable(parser.value(QStringLiteral("csv"))));
    return kExitOk;
}

} // namespace masklab::cli
