// masklab-cli synth OUT --persons N [--eval-persons M] [--seed S] [--label-noise R] [--size WxH]

#include "commandline.h"
#include "commands.h"
#include "synthdataset.h"
#include "terminalprogress.h"

#include <QCommandLineParser>
#include <QRegularExpression>

#include <cstdio>

namespace masklab::cli {

namespace {
const char kSynthHelp[] =
    "Usage: masklab-cli synth OUT --persons N [--eval-persons M] [--seed S]\n"
    "                         [--label-noise R] [--size WxH] [--truth DIR] [--no-quirks]\n"
    "\n"
    "Draws a synthetic face dataset in the exact competition layout (train/train.csv,\n"
    "train/images/<id>_<gender>_<race>_<age>/mask1..5, incorrect_mask, normal; eval/info.csv,\n"
    "eval/images/). Mask state, gender and age are visible in the pictures, so a model can\n"
    "learn them. The same seed always gives the same dataset. OUT must not exist or be empty.\n"
    "\n"
    "Options:\n"
    "  --persons N        train persons (7 photos each; the real set has 2700)\n"
    "  --eval-persons M   eval persons, written as 7*M images with hashed names (default 0)\n"
    "  --seed S           random seed (default 1)\n"
    "  --label-noise R    fraction of train persons given one label error: gender flip,\n"
    "                     incorrect<->normal swap or wrong age group (default 0)\n"
    "  --size WxH         image size (default 384x512)\n"
    "  --truth DIR        where the truth goes (default OUT-truth): label_noise.csv,\n"
    "                     persons.csv, eval_truth.csv; always outside the dataset\n"
    "  --no-quirks        no suffixed/duplicate ids, .png/.jpeg photos or junk files\n"
    "  --threads N        worker threads (default: one per core)\n"
    "  -h, --help         this text\n";

bool parseInt(const QString &text, int min, int *value)
{
    bool ok = false;
    *value = text.toInt(&ok);
    return ok && *value >= min;
}
} // namespace

int runSynth(const QStringList &arguments)
{
    QCommandLineParser parser;
    for (const char *name :
         {"persons", "eval-persons", "seed", "label-noise", "size", "truth", "threads"})
        parser.addOption({QString::fromLatin1(name), QString(), QStringLiteral("value")});
    parser.addOption({QStringLiteral("no-quirks"), QString()});
    auto usageError = [](const QString &message) {
        std::fprintf(stderr, "masklab-cli synth: %s\n\n%s", qPrintable(message), kSynthHelp);
        return kExitUsage;
    };
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "synth", arguments, kSynthHelp, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("expected one OUT folder"));
    if (!parser.isSet(QStringLiteral("persons")))
        return usageError(QStringLiteral("--persons N is required"));

    synth::SynthOptions options;
    const QString value = parser.value(QStringLiteral("persons"));
    if (!parseInt(value, 1, &options.persons))
        return usageError(
            QStringLiteral("--persons must be a whole number >= 1, got '%1'").arg(value));
    if (parser.isSet(QStringLiteral("eval-persons")) &&
        !parseInt(parser.value(QStringLiteral("eval-persons")), 0, &options.evalPersons))
        return usageError(QStringLiteral("--eval-persons must be a whole number >= 0, got '%1'")
                              .arg(parser.value(QStringLiteral("eval-persons"))));
    if (parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        options.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return usageError(QStringLiteral("--seed must be a non-negative whole number, got '%1'")
                                  .arg(parser.value(QStringLiteral("seed"))));
    }
    if (parser.isSet(QStringLiteral("label-noise"))) {
        bool ok = false;
        options.labelNoise = parser.value(QStringLiteral("label-noise")).toDouble(&ok);
        if (!ok || options.labelNoise < 0 || options.labelNoise > 1)
            return usageError(QStringLiteral("--label-noise must be a number from 0 to 1, got '%1'")
                                  .arg(parser.value(QStringLiteral("label-noise"))));
    }
    if (parser.isSet(QStringLiteral("size"))) {
        static const QRegularExpression sizePattern(QStringLiteral("^(\\d+)x(\\d+)$"));
        const auto match = sizePattern.match(parser.value(QStringLiteral("size")));
        if (!match.hasMatch())
            return usageError(QStringLiteral("--size must look like 384x512, got '%1'")
                                  .arg(parser.value(QStringLiteral("size"))));
        options.width = match.captured(1).toInt();
        options.height = match.captured(2).toInt();
    }
    if (parser.isSet(QStringLiteral("threads")) &&
        !parseInt(parser.value(QStringLiteral("threads")), 1, &options.threads))
        return usageError(QStringLiteral("--threads must be a whole number >= 1"));
    options.truthDir = parser.value(QStringLiteral("truth"));
    options.quirks = !parser.isSet(QStringLiteral("no-quirks"));

    TerminalProgress bar;
    const QString out = parser.positionalArguments().front();
    const synth::SynthResult result = synth::writeSynthDataset(out, options, bar.sink());
    bar.finish();
    if (!result.ok) {
        std::fprintf(stderr, "masklab-cli synth: %s\n", qPrintable(result.error));
        return kExitUsage;
    }
    std::printf("wrote %d images for %d persons (+%d eval persons) to %s in %.1f s; "
                "%d persons with label errors; truth in %s\n",
                result.images, options.persons, options.evalPersons, qPrintable(out),
                result.seconds, result.noisyPersons, qPrintable(result.truthDir));
    return kExitOk;
}

} // namespace masklab::cli
