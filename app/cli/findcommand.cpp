// masklab-cli find-errors --config FILE [--set key=value ...] [--folds K] [--out FILE.csv]
// masklab-cli find-duplicates DATASET [--max-difference G] [--out FILE.csv]

#include "commandline.h"
#include "commands.h"
#include "effectivelabels.h"
#include "errorfinder.h"
#include "terminalprogress.h"
#include "textfile.h"
#include "timeleft.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cstdio>

#include <unistd.h>

namespace masklab::cli {

namespace {

const char kFindErrorsHelp[] =
    "Usage: masklab-cli find-errors --config FILE [--set key=value ...] [--folds K]\n"
    "                               [--out FILE.csv] [--no-duplicates]\n"
    "\n"
    "Finds suspected label errors. Trains K person-level folds with the training config (the\n"
    "relabel overlay applied), so every photo is judged by a model that never saw its person,\n"
    "then ranks gender and age errors per person, mask-state swaps and single mask photos, and\n"
    "duplicate photos (across persons, one person under two ids, eval images copying training\n"
    "photos). A suspect's score is the probability that its label is wrong, calibrated on the\n"
    "run's own persons; their sum estimates how many real errors there are (50 persons at\n"
    "least). Folds trained before for the same config and labels are reused: a second call\n"
    "after no change trains nothing. Ctrl+C stops after the current batch; the next call goes\n"
    "on from there. The finder run is kept in <workspace>/finder/<config hash>/.\n"
    "\n"
    "  --config FILE     the training config (resources/train-default.yaml documents it)\n"
    "  --set key=value   override one key (repeatable); e.g. --set train.epochs=15 for a\n"
    "                    quicker, rougher search\n"
    "  --folds K         number of folds, 2..20 (default 5)\n"
    "  --out FILE.csv    the ranked list: rank,folder,photo,kind,given,suggested,score; the\n"
    "                    evidence (per-photo probabilities) goes to FILE.json beside it\n"
    "  --top N           suspects listed on the terminal (default 20)\n"
    "  --no-duplicates   skip the duplicate-photo search\n";

const char kFindDuplicatesHelp[] =
    "Usage: masklab-cli find-duplicates DATASET [--max-difference G] [--out FILE.csv]\n"
    "\n"
    "Finds the same photo twice, without a model: across persons, one person under two ids\n"
    "(3 or more shared photos) and eval images that copy a training photo. A 64-bit perceptual\n"
    "hash picks the candidate pairs (re-encoded or resized copies stay close), their 16x16 grey\n"
    "thumbnails decide; the same bytes always match.\n"
    "The hashes are cached in the workspace (<dataset>.masklab/finder/).\n"
    "\n"
    "  --max-difference G  most mean grey-level difference (0..255) of two copies' thumbnails\n"
    "                    (default 2.5)\n"
    "  --out FILE.csv    the list (rank,folder,photo,kind,given,suggested,score); given is the\n"
    "                    other copy, suggested 'exclude' or 'known-label' (an eval copy)\n";

// The progress line: fold, the trainer's position, the last validation F1 and the time left
// for the whole job at this process's pace. Redrawn in place on a terminal; in a log, a line
// every 30 s.
struct FinderLine
{
    TimeLeft timeLeft;
    QElapsedTimer sinceLogged;
    double lastMacroF1 = -1;
    const bool tty = isatty(STDERR_FILENO) != 0;

    // What starts a line on stderr: on a terminal, clearing the progress line drawn there.
    const char *start() const { return tty ? "\r\033[K" : ""; }

    void print(const trainer::FinderEvent &e)
    {
        if (!tty && sinceLogged.isValid() && sinceLogged.elapsed() < 30000)
            return;
        sinceLogged.start();
        const trainer::TrainEvent &t = e.train;
        timeLeft.update(trainer::finderShareDone(e));
        const QString f1 =
            lastMacroF1 < 0 ? QStringLiteral("-") : QString::number(lastMacroF1, 'f', 3);
        std::fprintf(stderr,
                     "%sfold %d/%d  epoch %d/%d  batch %d/%d  loss %.3f  val F1 %s  %.0f "
                     "images/s  %s left%s",
                     start(), e.fold, e.folds, t.epoch, t.epochs, t.batch, t.batches, t.loss,
                     qPrintable(f1), t.imagesPerSecond, qPrintable(timeLeft.text()),
                     tty ? "" : "\n");
        std::fflush(stderr);
    }
};

void printTrainEvent(const trainer::FinderEvent &e, FinderLine &line)
{
    using Kind = trainer::TrainEvent::Kind;
    const trainer::TrainEvent &t = e.train;
    if (t.kind == Kind::BatchDone) {
        line.print(e);
    } else if (t.kind == Kind::EpochDone) {
        line.lastMacroF1 = t.metrics.macroF1;
        std::fprintf(stderr, "%s", line.start());
        std::printf("fold %d/%d  epoch %d/%d  val macro F1 %.4f (mask %.3f, gender %.3f, age "
                    "%.3f)  %.1f s\n",
                    e.fold, e.folds, t.epoch, t.epochs, t.metrics.macroF1, t.metrics.maskF1,
                    t.metrics.genderF1, t.metrics.ageF1, t.metrics.seconds);
        std::fflush(stdout);
    } else if (t.kind == Kind::Warning || t.kind == Kind::Info) {
        std::fprintf(stderr, "%sfold %d: %s%s\n", line.start(), e.fold,
                     t.kind == Kind::Warning ? "warning: " : "", qPrintable(t.message));
    }
}

void printEvent(const trainer::FinderEvent &e, FinderLine &line, TerminalProgress &bar,
                const ProgressSink &barSink)
{
    using Kind = trainer::FinderEvent::Kind;
    switch (e.kind) {
    case Kind::Phase:
        barSink(e.message, e.done, e.total);
        if (e.done >= e.total)
            bar.finish();
        break;
    case Kind::FoldReused:
        std::printf("fold %d/%d: trained before on these labels; reused\n", e.fold, e.folds);
        break;
    case Kind::FoldStarted:
        line.lastMacroF1 = -1;
        std::printf("fold %d/%d: %s\n", e.fold, e.folds,
                    e.message.isEmpty() ? "training" : qPrintable(e.message));
        break;
    case Kind::Training:
        printTrainEvent(e, line);
        break;
    case Kind::Info:
        std::fprintf(stderr, "%s%s\n", line.start(), qPrintable(e.message));
        break;
    case Kind::Failed:
        std::fprintf(stderr, "%smasklab-cli find-errors: %s\n", line.start(),
                     qPrintable(e.message));
        break;
    case Kind::Finished:
        std::fprintf(stderr, "%s", line.start());
        break;
    }
    std::fflush(stdout);
}

void printTop(const std::vector<finder::Suspect> &suspects, int top)
{
    std::printf("%5s  %-28s %-22s %-10s %-18s %-18s %s\n", "rank", "folder", "photo", "kind",
                "given", "suggested", "score");
    for (int i = 0; i < std::min<int>(top, int(suspects.size())); ++i) {
        const finder::Suspect &s = suspects[size_t(i)];
        std::printf("%5d  %-28s %-22s %-10s %-18s %-18s %.3f\n", i + 1, qPrintable(s.folder),
                    qPrintable(s.photo()), qPrintable(finder::suspectKindName(s.kind)),
                    qPrintable(s.given.right(18)), qPrintable(s.suggested), s.score);
    }
}

// How many of the list are likely real errors, and where the likely ones end.
void printEstimate(const finder::ErrorEstimate &estimate)
{
    if (!estimate.known) {
        std::printf("%s\n", qPrintable(estimate.whyUnknown));
        return;
    }
    std::printf("%s: the first %d of the model's suspects are the likely ones\n",
                qPrintable(estimate.summary()), estimate.likelyCount());
}

// Writes FILE.csv and, for find-errors, FILE.json with the evidence.
bool writeList(const QString &out, const std::vector<finder::Suspect> &suspects, bool json)
{
    QString error;
    const QFileInfo info(out);
    const QString jsonPath = info.absolutePath() + u'/' + info.completeBaseName() + ".json";
    if (!writeTextFile(out, finder::suspectsCsv(suspects), &error) ||
        (json &&
         !writeTextFile(jsonPath, QString::fromUtf8(finder::suspectsJson(suspects)), &error))) {
        std::fprintf(stderr, "masklab-cli: %s\n", qPrintable(error));
        return false;
    }
    std::printf("wrote %s%s\n", qPrintable(out),
                json ? qPrintable(QStringLiteral(" and ") + jsonPath) : "");
    return true;
}

} // namespace

int runFindErrors(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("config"), QString(), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("set"), QString(), QStringLiteral("key=value")});
    parser.addOption({QStringLiteral("folds"), QString(), QStringLiteral("K"), "5"});
    parser.addOption({QStringLiteral("out"), QString(), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("top"), QString(), QStringLiteral("N"), "20"});
    parser.addOption({QStringLiteral("no-duplicates"), QString()});
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "find-errors", arguments, kFindErrorsHelp, &exitCode))
        return exitCode;
    if (!parser.isSet(QStringLiteral("config"))) {
        std::fprintf(stderr, "masklab-cli find-errors: --config is required\n\n%s",
                     kFindErrorsHelp);
        return kExitUsage;
    }
    const auto config = readConfigOptions(parser, "find-errors");
    if (!config)
        return kExitUsage;
    trainer::FinderOptions options;
    options.config = *config;
    options.folds = parser.value(QStringLiteral("folds")).toInt();
    options.duplicates = !parser.isSet(QStringLiteral("no-duplicates"));
    const trainer::FinderPlan plan = trainer::planErrorFinder(options);
    if (!plan.ok) {
        std::fprintf(stderr, "masklab-cli find-errors: %s\n", qPrintable(plan.error));
        return kExitUsage;
    }
    const QString time = plan.foldsToTrain == 0 ? QStringLiteral("nothing to train")
                         : plan.seconds
                             ? QStringLiteral("about %1 at the pace of %2")
                                   .arg(formatDuration(*plan.seconds), plan.paceSource)
                             : QStringLiteral("the time left shows after the first batches");
    std::printf("%d folds of %d photos: %d to train, %d reused; %s\n", plan.folds, plan.photos,
                plan.foldsToTrain, plan.foldsReusable, qPrintable(time));
    TerminalProgress bar;
    const InterruptFlag interrupt;
    const ProgressSink barSink = bar.sink(interrupt.flag());
    FinderLine line;
    const trainer::FinderOutcome outcome = trainer::findErrors(
        options, [&](const trainer::FinderEvent &e) { printEvent(e, line, bar, barSink); },
        interrupt.flag());
    if (outcome.cancelled) {
        std::printf("stopped; what was trained is kept in %s and the next call goes on from "
                    "there\n",
                    qPrintable(outcome.dir));
        return kExitOk;
    }
    if (!outcome.ok)
        return kExitUsage;
    for (const QString &photo : outcome.skipped)
        std::printf("skipped (did not decode): %s\n", qPrintable(photo));
    const std::vector<finder::Suspect> &suspects = outcome.results.suspects;
    std::printf("%zu suspects (%d folds trained, %d reused, %s); finder run %s\n", suspects.size(),
                outcome.trainedFolds, outcome.reusedFolds,
                qPrintable(formatDuration(outcome.seconds)), qPrintable(outcome.dir));
    printTop(suspects, parser.value(QStringLiteral("top")).toInt());
    printEstimate(outcome.results.estimate);
    if (parser.isSet(QStringLiteral("out")) &&
        !writeList(parser.value(QStringLiteral("out")), suspects, true))
        return kExitUsage;
    return kExitOk;
}

int runFindDuplicates(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DATASET"), QString());
    parser.addOption({QStringLiteral("max-difference"), QString(), QStringLiteral("G"), "2.5"});
    parser.addOption({QStringLiteral("out"), QString(), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("top"), QString(), QStringLiteral("N"), "20"});
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "find-duplicates", arguments, kFindDuplicatesHelp, &exitCode))
        return exitCode;
    bool number = false;
    finder::DuplicateOptions options;
    options.maxThumbnailDifference =
        parser.value(QStringLiteral("max-difference")).toDouble(&number);
    if (parser.positionalArguments().size() != 1 || !number || options.maxThumbnailDifference < 0 ||
        options.maxThumbnailDifference > 64) {
        std::fprintf(stderr,
                     "masklab-cli find-duplicates: give one DATASET and a "
                     "--max-difference of 0..64\n\n%s",
                     kFindDuplicatesHelp);
        return kExitUsage;
    }
    DataConfig data;
    data.dataset = parser.positionalArguments().constFirst();
    const EffectiveLabels effective = loadEffectiveLabels(data);
    if (!effective.ok) {
        std::fprintf(stderr, "masklab-cli find-duplicates: %s\n", qPrintable(effective.error));
        return kExitUsage;
    }
    TerminalProgress bar;
    const InterruptFlag interrupt;
    const finder::DuplicateResult found = finder::findDuplicates(
        effective.labels, effective.workspaceDir + QStringLiteral("/finder/image_hashes.csv"),
        options, bar.sink(interrupt.flag()));
    bar.finish();
    if (!found.ok) {
        std::fprintf(stderr, "masklab-cli find-duplicates: %s\n", qPrintable(found.error));
        return kExitUsage;
    }
    for (const QString &photo : found.undecodable)
        std::printf("skipped (did not decode): %s\n", qPrintable(photo));
    std::printf("%d photos compared (%d hashed now, the rest cached): %zu duplicates\n",
                found.images, found.hashedNow, found.suspects.size());
    printTop(found.suspects, parser.value(QStringLiteral("top")).toInt());
    if (parser.isSet(QStringLiteral("out")) &&
        !writeList(parser.value(QStringLiteral("out")), found.suspects, false))
        return kExitUsage;
    return kExitOk;
}

} // namespace masklab::cli
