// masklab-cli predict --run RUN [--checkpoint best|last] --eval DIR --out submission.csv
// masklab-cli export-weights --run RUN [--checkpoint best|last] --out FILE

#include "commandline.h"
#include "commands.h"
#include "terminalprogress.h"
#include "trainer.h"

#include <QCommandLineParser>

#include <cstdio>

namespace masklab::cli {

namespace {
const char kPredictHelp[] =
    "Usage: masklab-cli predict --run RUN [--checkpoint best|last] --eval DIR --out FILE.csv\n"
    "\n"
    "Predicts every row of info.csv (DIR: the eval folder or the dataset root) in order and\n"
    "writes the submission (header ImageID,ans) plus FILE.probabilities.csv. Images that do not\n"
    "decode are listed (and answered 0). Ctrl+C stops it; then nothing is written.\n";

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
    if (!parse(parser, "predict", arguments, kPredictHelp, {"run", "eval", "out"}, &exitCode))
        return exitCode;
    TerminalProgress bar;
    const InterruptFlag interrupt; // Ctrl+C: stop; nothing is written
    const trainer::PredictResult result = trainer::predict(
        parser.value(QStringLiteral("run")), parser.value(QStringLiteral("checkpoint")),
        parser.value(QStringLiteral("eval")), parser.value(QStringLiteral("out")),
        bar.sink(interrupt.flag()));
    bar.finish();
    if (!result.ok) {
        std::fprintf(stderr, "masklab-cli predict: %s\n", qPrintable(result.error));
        return kExitUsage;
    }
    for (const QString &id : result.undecodable)
        std::fprintf(stderr, "warning: %s did not decode; answered 0\n", qPrintable(id));
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
