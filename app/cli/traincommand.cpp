// masklab-cli train --config FILE [--set key=value ...] [--run DIR] [--resume DIR]

#include "commandline.h"
#include "commands.h"
#include "pretrainedweights.h"
#include "ranklauncher.h"
#include "runrecord.h"
#include "terminalprogress.h"
#include "timeleft.h"
#include "trainer.h"
#include "workspace.h"

#include <QCommandLineParser>
#include <QDir>

#include <cstdio>
#include <optional>

namespace masklab::cli {

namespace {

const char kTrainHelp[] =
    "Usage: masklab-cli train --config FILE [--set key=value ...] [--run DIR] [--nproc N]\n"
    "                         [--until-epoch N]\n"
    "       masklab-cli train --resume RUN_DIR [--precision P] [--nproc N] [--until-epoch N]\n"
    "       masklab-cli train ... [--nproc N] --nnodes M --node-rank K --master-addr HOST\n"
    "                               [--master-port PORT]   (on each of M machines)\n"
    "\n"
    "Trains a classifier on the dataset's effective labels (relabel overlay applied) with a\n"
    "person-level split, writing a run folder: config.yaml, metrics.csv, metrics.jsonl (live),\n"
    "last.pt and best.pt (by validation macro F1), confusion_matrix.csv and\n"
    "validation_predictions.csv. resources/train-default.yaml documents every key.\n"
    "Ctrl+C stops after the current batch and saves that point in last.pt; --resume continues\n"
    "from the next batch (on the CPU exactly as if it had not stopped).\n"
    "\n"
    "  --config FILE     the YAML configuration\n"
    "  --set key=value   override one key, e.g. --set optimizer.lr=0.01 (repeatable)\n"
    "  --run DIR         the run folder (default: <workspace>/runs/<run_name or time>)\n"
    "  --resume DIR      continue the run in DIR (with any number of ranks)\n"
    "  --precision P     with --resume: go on in train.precision P (auto, fp32, bf16, fp16)\n"
    "                    instead of the run's own, e.g. a bf16 run in fp32\n"
    "  --until-epoch N   stop once epoch N is done, as Ctrl+C would (--resume goes on); one\n"
    "                    process stops at the epoch's end, ranks after the next batch\n"
    "  --nproc N         train with N processes on this machine (distributed data parallel;\n"
    "                    train.batch_size is per process), as torchrun would start them\n"
    "  --nnodes M        ... on M machines: start the same command on each, with the same N\n"
    "  --node-rank K     this machine's place, 0 to M-1 (machine 0 runs rank 0)\n"
    "  --master-addr H   machine 0's address, as the others reach it\n"
    "  --master-port P   the port rank 0 listens on there (default 29500)\n"
    "                    (only rank 0 writes the run folder; resuming needs it on every machine)\n"
    "\n"
    "Under torchrun (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT set) each process is one rank:\n"
    "  torchrun --nproc_per_node 2 --no_python masklab-cli train --config FILE\n"
    "MASKLAB_DIST_TIMEOUT (seconds, default 120) bounds how long a rank waits for the others.\n"
    "MASKLAB_DIST_BACKEND (gloo or nccl) chooses the backend; with --nproc 1 (or WORLD_SIZE=1)\n"
    "it puts the one rank in a process group of its own, to try the backend on one machine.\n";

// The progress line under the epoch lines: where the run is, the last validation macro F1 and
// the time left, estimated from this process's pace (validation included).
struct ProgressLine
{
    TimeLeft timeLeft;
    double lastMacroF1 = -1;

    void print(const trainer::TrainEvent &e)
    {
        timeLeft.update(epochPosition(e.epoch, e.batch, e.batches) / std::max(1, e.epochs));
        const QString f1 =
            lastMacroF1 < 0 ? QStringLiteral("-") : QString::number(lastMacroF1, 'f', 4);
        const QString skipped =
            e.skippedPhotos > 0 ? QStringLiteral("  %1 skipped").arg(e.skippedPhotos) : QString();
        std::fprintf(stderr,
                     "\r\033[Kepoch %d/%d  batch %d/%d  loss %.4f  val F1 %s  %.0f images/s  "
                     "%s left%s",
                     e.epoch, e.epochs, e.batch, e.batches, e.loss, qPrintable(f1),
                     e.imagesPerSecond, qPrintable(timeLeft.text()), qPrintable(skipped));
        std::fflush(stderr);
    }
};

void printEvent(const trainer::TrainEvent &e, ProgressLine &line, const DistributedSetup &ranks)
{
    using Kind = trainer::TrainEvent::Kind;
    if (!ranks.writesRunFolder()) { // rank 0 tells the run; the others only why they fail
        if (e.kind == Kind::Failed)
            std::fprintf(stderr, "masklab-cli train (rank %d): %s\n", ranks.rank,
                         qPrintable(e.message));
        return;
    }
    switch (e.kind) {
    case Kind::RunStarted:
        std::printf("training on %s\n", qPrintable(e.message));
        std::fflush(stdout); // before the warnings on stderr that may follow
        break;
    case Kind::BatchDone:
        line.print(e);
        break;
    case Kind::EpochDone: {
        line.lastMacroF1 = e.metrics.macroF1;
        const trainer::EpochMetrics &m = e.metrics;
        std::fprintf(stderr, "\r\033[K");
        std::printf("epoch %d/%d  train loss %.4f  val loss %.4f  val macro F1 %.4f  accuracy "
                    "%.4f  (mask %.3f, gender %.3f, age %.3f)  lr %.2g  %.0f images/s  %.1f s\n",
                    m.epoch, e.epochs, m.trainLoss, m.validationLoss, m.macroF1, m.accuracy,
                    m.maskF1, m.genderF1, m.ageF1, m.lr, m.imagesPerSecond, m.seconds);
        std::fflush(stdout);
        break;
    }
    case Kind::Info:
        std::fprintf(stderr, "\r\033[K%s\n", qPrintable(e.message));
        break;
    case Kind::Warning:
        std::fprintf(stderr, "\r\033[Kwarning: %s\n", qPrintable(e.message));
        break;
    case Kind::Failed:
        std::fprintf(stderr, "\r\033[Kmasklab-cli train: %s\n", qPrintable(e.message));
        break;
    case Kind::CheckpointSaved:
    case Kind::Finished:
        break;
    }
}

// This process's place in a distributed run (torchrun's environment), and the ranks it launches
// (--nproc and the options that place this machine among several).
struct Ranks
{
    DistributedSetup setup;
    RankLayout layout;
};

std::optional<Ranks> readRanks(const QCommandLineParser &parser)
{
    Ranks ranks;
    QString error;
    const auto setup =
        distributedSetupFromEnvironment(QProcessEnvironment::systemEnvironment(), &error);
    const auto layout = setup ? readRankLayout(parser, setup->active(), &error) : std::nullopt;
    if (!layout) {
        std::fprintf(stderr, "masklab-cli train: %s\n", qPrintable(error));
        return std::nullopt;
    }
    ranks.setup = *setup;
    ranks.layout = *layout;
    ranks.layout.groupOfOne = parser.isSet(QStringLiteral("nproc")) && layout->processes == 1 &&
                              layout->nodes == 1 && !setup->active() &&
                              !setup->requestedBackend.isEmpty();
    return ranks;
}

// A single process (a group of one too) or --nproc downloads missing ImageNet weights; a rank
// under torchrun does not (several would download the same file at once): it needs them in the
// cache already.
bool imageNetWeightsReady(const ModelConfig &model, const DistributedSetup &setup)
{
    if (!setup.active() || setup.groupOfOne)
        return ensureImageNetWeights(model);
    const std::optional<WeightsFile> missing = missingImageNetWeights(model);
    if (!missing)
        return true;
    std::fprintf(stderr,
                 "masklab-cli train (rank %d): model.pretrained: imagenet needs %s in %s on "
                 "every machine; run masklab-cli weights get %s there before torchrun\n",
                 setup.rank, qPrintable(missing->fileName()),
                 qPrintable(cachedPath(*missing).section(u'/', 0, -2)), qPrintable(missing->name));
    return false;
}

// --until-epoch: 0 when not given, -1 (after saying why) when it is not an epoch.
int readUntilEpoch(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("until-epoch")))
        return 0;
    bool number = false;
    const int epoch = parser.value(QStringLiteral("until-epoch")).toInt(&number);
    if (number && epoch >= 1)
        return epoch;
    std::fprintf(stderr, "masklab-cli train: --until-epoch: \"%s\" is not an epoch (1 or more)\n",
                 qPrintable(parser.value(QStringLiteral("until-epoch"))));
    return -1;
}

// --precision (with --resume only): the train.precision to go on in; false after a message.
bool readResumePrecision(const QCommandLineParser &parser, bool resume,
                         std::optional<TrainingConfig::Precision> *precision)
{
    if (!parser.isSet(QStringLiteral("precision")))
        return true;
    if (!resume) {
        std::fprintf(stderr, "masklab-cli train: --precision goes with --resume; a new run takes "
                             "--set train.precision=P\n");
        return false;
    }
    TrainConfig parsed;
    QString error;
    if (!applyConfigOverride(
            parsed, QStringLiteral("train.precision=") + parser.value(QStringLiteral("precision")),
            &error)) {
        std::fprintf(stderr, "masklab-cli train: --precision: %s\n", qPrintable(error));
        return false;
    }
    *precision = parsed.train.precision;
    return true;
}

} // namespace

int runTrain(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("config"), QString(), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("set"), QString(), QStringLiteral("key=value")});
    parser.addOption({QStringLiteral("run"), QString(), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("resume"), QString(), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("until-epoch"), QString(), QStringLiteral("N")});
    parser.addOption({QStringLiteral("precision"), QString(), QStringLiteral("P")});
    addRankLayoutOptions(parser);
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "train", arguments, kTrainHelp, &exitCode))
        return exitCode;
    const auto ranks = readRanks(parser);
    if (!ranks)
        return kExitUsage;
    const bool resume = parser.isSet(QStringLiteral("resume"));
    if (resume == parser.isSet(QStringLiteral("config"))) {
        std::fprintf(stderr, "masklab-cli train: give --config FILE or --resume RUN_DIR\n\n%s",
                     kTrainHelp);
        return kExitUsage;
    }
    const int untilEpoch = readUntilEpoch(parser);
    std::optional<TrainingConfig::Precision> precision;
    if (untilEpoch < 0 || !readResumePrecision(parser, resume, &precision))
        return kExitUsage;
    TrainConfig config;
    QString runDir = parser.value(resume ? QStringLiteral("resume") : QStringLiteral("run"));
    if (!resume) {
        const auto parsed = readConfigOptions(parser, "train");
        if (!parsed)
            return kExitUsage;
        config = *parsed;
        if (!imageNetWeightsReady(config.model, ranks->setup))
            return kExitUsage;
        if (runDir.isEmpty())
            runDir = newRunFolder(
                config, Workspace::defaultDirFor(QDir(config.data.dataset).absolutePath()));
    }
    if (resume && untilEpoch > 0) { // there already: nothing to train
        const std::vector<EpochMetrics> history = readRunHistory(runDir);
        if (!history.empty() && history.back().epoch >= untilEpoch) {
            std::printf("%s has %d epochs already (--until-epoch %d): nothing to train\n",
                        qPrintable(runDir), history.back().epoch, untilEpoch);
            return kExitOk;
        }
    }
    if (ranks->layout.launches()) {
        QStringList rankArguments = withoutLauncherOptions(arguments);
        if (!resume && !parser.isSet(QStringLiteral("run"))) // the folder chosen here, for all
            rankArguments << QStringLiteral("--run") << runDir;
        return launchRanks(ranks->layout, rankArguments);
    }
    trainer::TrainResult result;
    {
        const InterruptFlag interrupt;
        ProgressLine line;
        if (resume) { // the F1 of the last finished epoch, until this process finishes one
            const std::vector<EpochMetrics> history = readRunHistory(runDir);
            if (!history.empty())
                line.lastMacroF1 = history.back().macroF1;
        }
        const DistributedSetup &setup = ranks->setup;
        const auto sink = [&](const trainer::TrainEvent &e) {
            printEvent(e, line, setup);
            if (untilEpoch > 0 && e.kind == trainer::TrainEvent::Kind::EpochDone &&
                e.epoch >= untilEpoch)
                interrupt.requestStop();
        };
        result = resume ? trainer::resume(runDir, sink, interrupt.flag(), setup, precision)
                        : trainer::train(config, runDir, sink, interrupt.flag(), setup);
    }
    if (!result.ok) // the trainer printed why (its Failed event)
        return result.began ? kExitFailed : kExitUsage;
    if (!ranks->setup.writesRunFolder())
        return kExitOk;
    if (result.cancelled && result.stoppedAfterBatch > 0)
        std::printf("stopped in epoch %d after batch %d; last.pt holds that point and --resume %s "
                    "continues from the next batch\n",
                    result.epochsDone + 1, result.stoppedAfterBatch, qPrintable(result.runDir));
    std::printf("%s after %d epochs; best validation macro F1 %.4f at epoch %d; run folder %s\n",
                result.cancelled ? "stopped" : "finished", result.epochsDone, result.bestMacroF1,
                result.bestEpoch, qPrintable(result.runDir));
    if (const int skipped = readRunStatus(result.runDir).skippedPhotos; skipped > 0)
        std::printf("%d photos did not decode and were skipped; they are listed in "
                    "%s/skipped_photos.csv\n",
                    skipped, qPrintable(result.runDir));
    return kExitOk;
}

} // namespace masklab::cli
