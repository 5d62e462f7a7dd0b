// masklab-cli: the headless front door. Dispatches to one subcommand per job.

#include "commands.h"
#include "components.h"
#include "trainer.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

const char kUsage[] =
    "Usage: masklab-cli COMMAND [OPTIONS]\n"
    "\n"
    "MaskLab's headless jobs (every GUI job can run here too, e.g. on a GPU server).\n"
    "\n"
    "Commands:\n"
    "  check DATASET [--deep] [--json]   validate a dataset folder and list every problem\n"
    "  synth OUT --persons N [...]       write a synthetic dataset in the competition layout\n"
    "  export-labels DATASET --out DIR   corrected train.csv and the list of edits\n"
    "  export-dataset DATASET OUT        a corrected copy of the dataset (hard links)\n"
    "  eda DATASET --out DIR [--deep]    the EDA charts as SVG + CSV and an HTML report\n"
    "  train --config FILE [--set k=v]   train a classifier (LibTorch), or --resume RUN_DIR\n"
    "  predict --run RUN --eval DIR --out FILE   the submission CSV for info.csv (--run twice:\n"
    "                                            an ensemble; --tta hflip: flip TTA)\n"
    "  embed --run RUN --out FILE [--map M.csv]  each photo's features in the run's model,\n"
    "                                            their 2-D map, --like PHOTO: the most alike\n"
    "  explain --run RUN --photo P --out F.png   where the model looks (Grad-CAM) for a head\n"
    "  compare-submissions A.csv B.csv           agreement and the changed answers\n"
    "  export-weights --run RUN --out FILE       the weights as a torchvision state dict\n"
    "  sweep --sweep FILE [--parallel N]         train a sweep's points, with early stopping\n"
    "  runs DATASET [--sweep S] [--csv F]        the runs side by side, with the keys that differ\n"
    "  queue list|run|add-train|...              jobs that run one after another (see --help)\n"
    "  find-errors --config FILE [--folds K]     rank suspected label errors (K-fold models)\n"
    "  find-duplicates DATASET                   the same photo twice (no model needed)\n"
    "  weights list | get ARCH                   the ImageNet weights model.pretrained: imagenet\n"
    "                                            loads: cached or not; download into the cache\n"
    "\n"
    "Run 'masklab-cli COMMAND --help' for a command's options.\n"
    "Options: -h, --help  this text;  -v, --version  the version.\n"
    "Exit codes: 0 success, 1 the job found errors, 2 usage or I/O failure.\n";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv); // QtCore only: no display, no widgets
    QCoreApplication::setApplicationName(QStringLiteral("masklab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MASKLAB_VERSION));

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty()) {
        std::fputs(kUsage, stderr);
        return masklab::cli::kExitUsage;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("-h") || command == QLatin1String("--help") ||
        command == QLatin1String("help")) {
        std::fputs(kUsage, stdout);
        return masklab::cli::kExitOk;
    }
    if (command == QLatin1String("-v") || command == QLatin1String("--version")) {
        const std::vector<masklab::Component> components = masklab::trainer::runtimeComponents();
        std::printf("masklab-cli %s (GPL-3.0-or-later)\nbuilt on %s\n", MASKLAB_VERSION,
                    qPrintable(masklab::describeComponents(components)));
        return masklab::cli::kExitOk;
    }
    if (command == QLatin1String("check"))
        return masklab::cli::runCheck(args);
    if (command == QLatin1String("synth"))
        return masklab::cli::runSynth(args);
    if (command == QLatin1String("export-labels"))
        return masklab::cli::runExportLabels(args);
    if (command == QLatin1String("export-dataset"))
        return masklab::cli::runExportDataset(args);
    if (command == QLatin1String("eda"))
        return masklab::cli::runEda(args);
    if (command == QLatin1String("train"))
        return masklab::cli::runTrain(args);
    if (command == QLatin1String("predict"))
        return masklab::cli::runPredict(args);
    if (command == QLatin1String("embed"))
        return masklab::cli::runEmbed(args);
    if (command == QLatin1String("explain"))
        return masklab::cli::runExplain(args);
    if (command == QLatin1String("compare-submissions"))
        return masklab::cli::runCompareSubmissions(args);
    if (command == QLatin1String("export-weights"))
        return masklab::cli::runExportWeights(args);
    if (command == QLatin1String("sweep"))
        return masklab::cli::runSweep(args);
    if (command == QLatin1String("queue"))
        return masklab::cli::runQueueCommand(args);
    if (command == QLatin1String("runs"))
        return masklab::cli::runRuns(args);
    if (command == QLatin1String("find-errors"))
        return masklab::cli::runFindErrors(args);
    if (command == QLatin1String("find-duplicates"))
        return masklab::cli::runFindDuplicates(args);
    if (command == QLatin1String("weights"))
        return masklab::cli::runWeights(args);
    std::fprintf(stderr, "masklab-cli: unknown command '%s'\n\n%s", qPrintable(command), kUsage);
    return masklab::cli::kExitUsage;
}
