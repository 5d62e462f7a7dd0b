// masklab-cli predict --run RUN [--run RUN ...] [--checkpoint best|last] [--tta hflip]
//                     --eval DIR --out submission.csv
// masklab-cli export-weights --run RUN [--checkpoint best|last] --out FILE

#include "commandline.h"
#include "commands.h"
#include "evalset.h"
#include "terminalprogress.h"
#include "trainer.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

namespace masklab::cli {

namespace {
const char kPredictHelp[] =
    "Usage: masklab-cli predict --run RUN [--run RUN ...] [--checkpoint best|last]\n"
    "                           [--tta hflip] --eval DIR --out FILE.csv\n"
    "\n"
    "Predicts every row of info.csv (DIR: the eval folder or the dataset root) in order and\n"
    "writes the submission (header ImageID,ans) plus FILE.probabilities.csv. Images that do not\n"
    "decode are listed (and answered 0). Ctrl+C stops it; then nothing is written.\n"
    "\n"
    "Several --run: an ensemble, the mean of the runs' 18 class probabilities (runs may differ\n"
    "in architecture, head and input size). A RUN folder holding fold-1, fold-2, ... (a\n"
    "find-errors job) stands for all its folds. --tta hflip also predicts each image mirrored\n"
    "and averages the two.\n"
    "--workspace DIR keeps the predictions in that workspace (DATASET.masklab), where the app's\n"
    "Eval tab shows them, and reads them from there when nothing changed (no model runs).\n";

const char kExportWeightsHelp[] =
    "Usage: masklab-cli export-weights --run RUN [--checkpoint best|last] --out FILE.pt\n"
    "\n"
    "Writes the trained weights as a torchvision-style state dict. In Python:\n"
    "  m = torchvision.models.resnet18(num_classes=18)   # head: single\n"
    "  m.load_state_dict(torch.load('FILE.pt'))\n";

bool parse(QCommandLineParser &parser, const char *command, const QStringList &arguments,
           const char *help, const QStringList &required, int *exitCode)
{
    parser.addOption({QStringLiteral("run"), QString(), QStringLiteral("RUN")});
    parser.addOption({QStringLiteral("checkpoint"), QString(), QStringLiteral("best|last"),
                      QStringLiteral("best")});
    parser.addOption({QStringLiteral("out"), QString(), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("eval"), QString(), QStringLiteral("DIR")});
    if (!parseCommandLine(parser, command, arguments, help, exitCode))
        return false;
    for (const QString &option : required) {
        if (!parser.isSet(option)) {
            std::fprintf(stderr, "masklab-cli %s: --%s is required\n\n%s", command,
                         qPrintable(option), help);
            *exitCode = kExitUsage;
            return false;
        }
    }
    return true;
}
} // namespace

int runPredict(const QStringList &arguments)
{
    QCommandLineParser parser;
    int exitCode = kExitOk;
    parser.addOption(
        {QStringLiteral("tta"), QString(), QStringLiteral("none|hflip"), QStringLiteral("none")});
    parser.addOption({QStringLiteral("workspace"), QString(), QStringLiteral("DIR")});
    if (!parse(parser, "predict", arguments, kPredictHelp, {"run", "eval", "out"}, &exitCode))
        return exitCode;
    PredictionRequest request;
    request.evalDir = parser.value(QStringLiteral("eval"));
    const QString tta = parser.value(QStringLiteral("tta"));
    if (tta != QLatin1String("none") && tta != QLatin1String("hflip")) {
        std::fprintf(stderr, "masklab-cli predict: --tta must be none or hflip, got %s\n",
                     qPrintable(tta));
        return kExitUsage;
    }
    request.flipTta = tta == QLatin1String("hflip");
    for (const QString &run : parser.values(QStringLiteral("run"))) {
        QString error;
        const auto members = membersAt(run, parser.value(QStringLiteral("checkpoint")), &error);
        if (!members) {
            std::fprintf(stderr, "masklab-cli predict: %s\n", qPrintable(error));
            return kExitUsage;
        }
        request.members.insert(request.members.end(), members->begin(), members->end());
    }
    if (request.members.size() > 1)
        std::printf("ensemble of %d runs: %s\n", int(request.members.size()),
                    qPrintable(request.description()));
    const QString cacheDir =
        parser.isSet(QStringLiteral("workspace"))
            ? PredictionCache::forWorkspace(parser.value(QStringLiteral("workspace"))).dir()
            : QString();
    TerminalProgress bar;
    const InterruptFlag interrupt; // Ctrl+C: stop; nothing is written
    const trainer::PredictResult result = trainer::predictToFiles(
        request, parser.value(QStringLiteral("out")), cacheDir, bar.sink(interrupt.flag()));
    bar.finish();
    if (!result.ok) {
        std::fprintf(stderr, "masklab-cli predict: %s\n", qPrintable(result.error));
        return result.modelFailed ? kExitFailed : kExitUsage;
    }
    QString ignored;
    const std::optional<EvalSet> eval = readEvalSet(request.evalDir, &ignored);
    for (const QString &id : result.undecodable) {
        const QString path = eval ? eval->dir + QStringLiteral("/images/") + id : id;
        const bool missing = eval && !QFileInfo::exists(path);
        std::fprintf(stderr, "warning: %s %s; answered 0\n", qPrintable(path),
                     missing ? "is missing (a row of info.csv without its image)"
                             : "does not decode");
    }
    if (result.fromCache)
        std::printf("read the stored predictions from the workspace (no model ran)\n");
    std::printf("wrote %s (%d rows, the format checked) and %s\n",
                qPrintable(parser.value(QStringLiteral("out"))), result.images,
                qPrintable(result.probabilitiesPath));
    return result.undecodable.isEmpty() ? kExitOk : kExitFindings;
}

int runExportWeights(const QStringList &arguments)
{
    QCommandLineParser parser;
    int exitCode = kExitOk;
    if (!parse(parser, "export-weights", arguments, kExportWeightsHelp, {"run", "out"}, &exitCode))
        return exitCode;
    QString error;
    if (!trainer::exportStateDict(parser.value(QStringLiteral("run")),
                                  parser.value(QStringLiteral("checkpoint")),
                                  parser.value(QStringLiteral("out")), &error)) {
        std::fprintf(stderr, "masklab-cli export-weights: %s\n", qPrintable(error));
        return kExitUsage;
    }
    std::printf("wrote %s\n", qPrintable(parser.value(QStringLiteral("out"))));
    return kExitOk;
}

} // namespace masklab::cli
