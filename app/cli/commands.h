#pragma once
// The subcommands of masklab-cli. Each gets its own arguments (after the command name) and
// returns the process exit code: 0 success, 1 the job found errors or failed after it began
// (a training run that ran out of memory), 2 it could not start (usage, bad input, I/O).

#include "trainconfig.h"

#include <QStringList>

namespace masklab::cli {

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitFailed = 1; // began, then failed: a Failed run
constexpr int kExitUsage = 2;

int runCheck(const QStringList &arguments);
int runSynth(const QStringList &arguments);
int runExportLabels(const QStringList &arguments);
int runExportDataset(const QStringList &arguments);
int runEda(const QStringList &arguments);
int runTrain(const QStringList &arguments);
int runPredict(const QStringList &arguments);
int runEmbed(const QStringList &arguments);
int runExplain(const QStringList &arguments);
int runCompareSubmissions(const QStringList &arguments);
int runExportWeights(const QStringList &arguments);
int runFindErrors(const QStringList &arguments);
int runFindDuplicates(const QStringList &arguments);
int runWeights(const QStringList &arguments);
int runSweep(const QStringList &arguments);
int runRuns(const QStringList &arguments);
int runQueueCommand(const QStringList &arguments);

// Before a training run: downloads the ImageNet weights model.pretrained: imagenet asks for when
// torchvision's cache lacks them. False after printing why the download failed.
bool ensureImageNetWeights(const ModelConfig &model);

} // namespace masklab::cli
