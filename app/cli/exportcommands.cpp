// masklab-cli export-labels DATASET --out DIR [--workspace W]
// masklab-cli export-dataset DATASET OUT [--workspace W]

#include "commandline.h"
#include "commands.h"
#include "datasetscanner.h"
#include "labelexport.h"
#include "terminalprogress.h"
#include "textfile.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QDir>

#include <cstdio>

namespace masklab::cli {

namespace {

const char kExportLabelsHelp[] =
    "Usage: masklab-cli export-labels DATASET --out DIR [--workspace W]\n"
    "\n"
    "Writes the effective labels (the dataset's labels with MaskLab's relabel overlay applied):\n"
    "  DIR/train.csv   the competition's format with corrected gender, race and age\n"
    "                  (path stays the original folder, so it matches the original images)\n"
    "  DIR/edits.csv   folder,photo,field,old,new,time: every edit\n"
    "The overlay is read from the workspace (default: DATASET.masklab beside the dataset).\n";

const char kExportDatasetHelp[] =
    "Usage: masklab-cli export-dataset DATASET OUT [--workspace W]\n"
    "\n"
    "Writes a corrected copy of the dataset in the competition layout: folders renamed after\n"
    "the corrected gender/age, photos named after their corrected mask state (a swapped\n"
    "incorrect_mask/normal pair is swapped back), excluded photos left out, eval copied.\n"
    "Files are hard links where possible (no extra disk space). OUT must be new or empty.\n"
    "Ctrl+C stops the export and removes what it wrote; so does any failure.\n";

struct LoadedLabels
{
    std::optional<LabeledDataset> labels;
    int exitCode = kExitOk;
};

// Scans the dataset and applies its overlay; prints why when that fails.
LoadedLabels loadLabels(const QString &path, const QString &workspaceDir)
{
    LoadedLabels loaded;
    const ScanResult scan = scanDataset(path);
    if (!scan.located) {
        std::fprintf(stderr, "masklab-cli: %s\n", qPrintable(scan.fatalError));
        loaded.exitCode = kExitUsage;
        return loaded;
    }
    const QString root = scan.dataset.root;
    const Workspace workspace(
        workspaceDir.isEmpty() ? Workspace::defaultDirFor(root) : workspaceDir, root);
    QString error;
    auto overlay = workspace.loadOverlay(&error);
    if (!overlay) {
        std::fprintf(stderr, "masklab-cli: the relabel overlay cannot be read: %s\n",
                     qPrintable(error));
        loaded.exitCode = kExitUsage;
        return loaded;
    }
    loaded.labels.emplace(std::make_shared<Dataset>(scan.dataset), std::move(*overlay));
    const QStringList orphans = loaded.labels->orphanedFolders();
    if (!orphans.isEmpty())
        std::fprintf(stderr,
                     "masklab-cli: %d edited folder(s) are not in the dataset and are "
                     "ignored, e.g. %s\n",
                     int(orphans.size()), qPrintable(orphans.front()));
    return loaded;
}

// Parses "COMMAND ARGS..." with a --workspace option; returns false (and prints) on misuse.
bool parseExportArgs(QCommandLineParser &parser, const char *command, const QStringList &arguments,
                     const char *help, int positionals, int *exitCode)
{
    parser.addOption({QStringLiteral("workspace"), QString(), QStringLiteral("W")});
    if (!parseCommandLine(parser, command, arguments, help, exitCode))
        return false;
    if (parser.positionalArguments().size() != positionals) {
        std::fprintf(stderr, "masklab-cli %s: wrong number of arguments\n\n%s", command, help);
        *exitCode = kExitUsage;
        return false;
    }
    return true;
}

} // namespace

int runExportLabels(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("out"), QString(), QStringLiteral("DIR")});
    int exitCode = kExitOk;
    if (!parseExportArgs(parser, "export-labels", arguments, kExportLabelsHelp, 1, &exitCode))
        return exitCode;
    if (!parser.isSet(QStringLiteral("out"))) {
        std::fprintf(stderr, "masklab-cli export-labels: --out DIR is required\n");
        return kExitUsage;
    }
    const LoadedLabels loaded =
        loadLabels(parser.positionalArguments().front(), parser.value(QStringLiteral("workspace")));
    if (!loaded.labels)
        return loaded.exitCode;
    const QString out = parser.value(QStringLiteral("out"));
    const QString root = QDir::cleanPath(loaded.labels->dataset().root);
    const QString absOut = QDir::cleanPath(QDir(out).absolutePath());
    if (absOut == root || absOut.startsWith(root + u'/')) {
        std::fprintf(stderr,
                     "masklab-cli export-labels: %s is inside the dataset folder, which "
                     "MaskLab never writes\n",
                     qPrintable(absOut));
        return kExitUsage;
    }
    if (!QDir().mkpath(out)) {
        std::fprintf(stderr, "masklab-cli export-labels: cannot create %s\n", qPrintable(out));
        return kExitUsage;
    }
    QString error;
    if (!writeTextFile(out + QStringLiteral("/train.csv"), correctedTrainCsv(*loaded.labels),
                       &error) ||
        !writeTextFile(out + QStringLiteral("/edits.csv"), editsCsv(loaded.labels->overlay()),
                       &error)) {
        std::fprintf(stderr, "masklab-cli export-labels: %s\n", qPrintable(error));
        return kExitUsage;
    }
    std::printf("wrote %s/train.csv (%d persons) and %s/edits.csv (%d edits)\n", qPrintable(out),
                loaded.labels->personCount(), qPrintable(out),
                loaded.labels->overlay().editCount());
    return kExitOk;
}

int runExportDataset(const QStringList &arguments)
{
    QCommandLineParser parser;
    int exitCode = kExitOk;
    if (!parseExportArgs(parser, "export-dataset", arguments, kExportDatasetHelp, 2, &exitCode))
        return exitCode;
    const LoadedLabels loaded =
        loadLabels(parser.positionalArguments()[0], parser.value(QStringLiteral("workspace")));
    if (!loaded.labels)
        return loaded.exitCode;
    TerminalProgress bar;
    const InterruptFlag interrupt; // Ctrl+C: stop and remove the half-written copy
    const DatasetExportResult result = exportCorrectedDataset(
        *loaded.labels, parser.positionalArguments()[1], bar.sink(interrupt.flag()));
    bar.finish();
    if (!result.ok) {
        std::fprintf(stderr, "masklab-cli export-dataset: %s\n", qPrintable(result.error));
        return kExitUsage;
    }
    std::printf("exported %d persons (%d folders renamed, %d photos excluded) and %d eval images: "
                "%d files hard-linked, %d copied\n",
                result.persons, result.renamedFolders, result.excluded, result.evalImages,
                result.linked, result.copied);
    return kExitOk;
}

} // namespace masklab::cli
