// masklab-cli weights list
// The ImageNet weights model.pretrained: imagenet uses, and whether torchvision's cache has them.

#include "commandline.h"
#include "commands.h"
#include "pretrainedweights.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

namespace masklab::cli {

namespace {

const char kWeightsHelp[] =
    "Usage: masklab-cli weights list\n"
    "\n"
    "Lists the ImageNet weights that model.pretrained: imagenet loads for each architecture:\n"
    "torchvision's own files, looked up in torch.hub's cache ($TORCH_HOME/hub/checkpoints,\n"
    "default ~/.cache/torch/hub/checkpoints), so weights torchvision downloaded once are found.\n"
    "A missing file is listed with the URL to download it from.\n";

} // namespace

int runWeights(const QStringList &arguments)
{
    QCommandLineParser parser;
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "weights", arguments, kWeightsHelp, &exitCode))
        return exitCode;
    if (parser.positionalArguments() != QStringList{QStringLiteral("list")}) {
        std::fprintf(stderr, "masklab-cli weights: expected 'list'\n\n%s", kWeightsHelp);
        return kExitUsage;
    }
    const QString dir = torchHubCheckpointsDir();
    std::printf("ImageNet weights (torchvision's files) in %s:\n", qPrintable(dir));
    for (const WeightsFile &weights : imageNetWeights()) {
        const QFileInfo file(dir + u'/' + weights.fileName());
        const QString where =
            file.isFile()
                ? QStringLiteral("cached, %1 MB").arg(file.size() / 1e6, 0, 'f', 1)
                : QStringLiteral("not cached: download %1 into the folder above").arg(weights.url);
        std::printf("  %-9s %-24s %s\n", qPrintable(weights.name), qPrintable(weights.fileName()),
                    qPrintable(where));
    }
    return kExitOk;
}

} // namespace masklab::cli
