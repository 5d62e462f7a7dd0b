// masklab-cli explain --run RUN --photo PHOTO [--head mask|gender|age] [--checkpoint best|last]
//                     --out FILE.png

#include "commandline.h"
#include "commands.h"
#include "explainer.h"
#include "heatoverlay.h"

#include <QCommandLineParser>

#include <cstdio>

namespace masklab::cli {

namespace {
const char kExplainHelp[] =
    "Usage: masklab-cli explain --run RUN --photo PHOTO [--head mask|gender|age]\n"
    "                           [--checkpoint best|last] --out FILE.png\n"
    "\n"
    "Where the run's model looks for one head of its answer on the photo (Grad-CAM on its last\n"
    "convolutional layer): FILE.png is the photo with the heat drawn over the part the model\n"
    "sees (its crop box, outlined), red where the answer leans most. --head: mask (default),\n"
    "gender or age. Prints the head's answer and its probability.\n";
} // namespace

int runExplain(const QStringList &arguments)
{
    QCommandLineParser parser;
    int exitCode = kExitOk;
    for (const char *name : {"run", "photo", "out"})
        parser.addOption({QString::fromLatin1(name), QString(), QStringLiteral("VALUE")});
    parser.addOption(
        {QStringLiteral("head"), QString(), QStringLiteral("HEAD"), QStringLiteral("mask")});
    parser.addOption({QStringLiteral("checkpoint"), QString(), QStringLiteral("best|last"),
                      QStringLiteral("best")});
    if (!parseCommandLine(parser, "explain", arguments, kExplainHelp, &exitCode))
        return exitCode;
    for (const char *required : {"run", "photo", "out"})
        if (!parser.isSet(QString::fromLatin1(required))) {
            std::fprintf(stderr, "masklab-cli explain: --%s is required\n\n%s", required,
                         kExplainHelp);
            return kExitUsage;
        }
    const std::optional<trainer::ExplainHead> head =
        trainer::explainHeadFromName(parser.value(QStringLiteral("head")));
    const QString checkpoint = parser.value(QStringLiteral("checkpoint"));
    if (!head || (checkpoint != QLatin1String("best") && checkpoint != QLatin1String("last"))) {
        std::fprintf(stderr, "masklab-cli explain: --head must be mask, gender or age and "
                             "--checkpoint best or last\n");
        return kExitUsage;
    }
    const QString photo = parser.value(QStringLiteral("photo"));
    const trainer::Explanation explanation =
        trainer::explainPhoto(parser.value(QStringLiteral("run")), checkpoint, photo, *head);
    QString error = explanation.error;
    std::optional<OverlayImage> overlay;
    if (explanation.ok)
        overlay = drawHeatOverlay(photo, explanation.heat, explanation.width, explanation.height,
                                  explanation.crop, &error);
    const QString out = parser.value(QStringLiteral("out"));
    if (!overlay || !writeOverlayPng(*overlay, out, &error)) {
        std::fprintf(stderr, "masklab-cli explain: %s\n", qPrintable(error));
        return explanation.modelFailed ? kExitFailed : kExitUsage;
    }
    std::printf("%s: %s (probability %.2f); wrote %s\n", qPrintable(parser.value("head")),
                qPrintable(explanation.answer), explanation.probability, qPrintable(out));
    return kExitOk;
}

} // namespace masklab::cli
