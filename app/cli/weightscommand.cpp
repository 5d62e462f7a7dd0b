// masklab-cli weights list | get ARCH...
// The ImageNet weights model.pretrained: imagenet uses: whether torchvision's cache has them,
// and downloading them there as torchvision would.

#include "commandline.h"
#include "commands.h"
#include "pretrainedweights.h"
#include "terminalprogress.h"
#include "weightsdownload.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

namespace masklab::cli {

namespace {

const char kWeightsHelp[] =
    "Usage: masklab-cli weights list\n"
    "       masklab-cli weights get ARCH... [--mirror URL]\n"
    "\n"
    "The ImageNet weights that model.pretrained: imagenet loads for each architecture are\n"
    "torchvision's own files, kept in torch.hub's cache ($TORCH_HOME/hub/checkpoints, default\n"
    "~/.cache/torch/hub/checkpoints), so weights torchvision downloaded once are found.\n"
    "\n"
    "  list  each architecture's file, and whether it is cached (else the URL to get it from)\n"
    "  get   downloads the files of the architectures named (or 'all') into that cache. An\n"
    "        interrupted download resumes where it stopped; a file whose SHA-256 does not begin\n"
    "        as its name promises is refused. A file already cached is not downloaded again.\n"
    "\n"
    "Options:\n"
    "  --mirror URL  download URL/FILE instead of torchvision's address (a local mirror of\n"
    "                https://download.pytorch.org/models/ for machines without internet);\n"
    "                the environment variable MASKLAB_WEIGHTS_MIRROR sets it for every command\n";

int listWeights()
{
    const QString dir = torchHubCheckpointsDir();
    std::printf("ImageNet weights (torchvision's files) in %s:\n", qPrintable(dir));
    for (const WeightsFile &weights : imageNetWeights()) {
        const QFileInfo file(cachedPath(weights));
        const QString where =
            file.isFile()
                ? QStringLiteral("cached, %1 MB").arg(file.size() / 1e6, 0, 'f', 1)
                : QStringLiteral("not cached: masklab-cli weights get %1, or download %2 into "
                                 "the folder above")
                      .arg(weights.name, weights.url);
        std::printf("  %-9s %-24s %s\n", qPrintable(weights.name), qPrintable(weights.fileName()),
                    qPrintable(where));
    }
    return kExitOk;
}

// Downloads one file into torch.hub's cache with a progress bar; Ctrl+C cancels it (the partial
// file stays for the next attempt). False after printing why.
bool fetchWeights(const WeightsFile &weights)
{
    const InterruptFlag interrupt;
    TerminalProgress bar;
    const ProgressSink sink = bar.sink();
    const QString phase = QStringLiteral("Downloading %1 (MB)").arg(weights.fileName());
    QString error;
    bool cached = false;
    const QString path = downloadWeightsBlocking(
        weights, torchHubCheckpointsDir(),
        [&](qint64 received, qint64 total) {
            sink.report(phase, received / 1000000, total < 0 ? -1 : total / 1000000);
        },
        interrupt.flag(), &error, &cached);
    bar.finish();
    if (path.isEmpty()) {
        std::fprintf(stderr, "masklab-cli: %s\n(or put %s into %s by hand)\n", qPrintable(error),
                     qPrintable(weights.fileName()), qPrintable(torchHubCheckpointsDir()));
        return false;
    }
    std::printf("%s %s\n", cached ? "already cached:" : "downloaded:", qPrintable(path));
    return true;
}

// The files named on the command line, in their list order; nothing (after a message) when a
// name is unknown.
std::optional<std::vector<WeightsFile>> namedWeights(const QStringList &names)
{
    std::vector<WeightsFile> chosen;
    for (const WeightsFile &weights : imageNetWeights())
        if (names.contains(weights.name) || names.contains(QLatin1String("all")))
            chosen.push_back(weights);
    for (const QString &name : names) {
        const bool known = name == QLatin1String("all") ||
                           std::any_of(chosen.begin(), chosen.end(),
                                       [&](const WeightsFile &w) { return w.name == name; });
        if (!known) {
            std::fprintf(stderr,
                         "masklab-cli weights get: no ImageNet weights for '%s' (known: %s)\n",
                         qPrintable(name), qPrintable(imageNetArchitectures()));
            return std::nullopt;
        }
    }
    return chosen;
}

int getWeights(const QStringList &names, const QString &mirror)
{
    if (names.isEmpty()) {
        std::fprintf(stderr, "masklab-cli weights get: name an architecture (or all)\n\n%s",
                     kWeightsHelp);
        return kExitUsage;
    }
    const std::optional<std::vector<WeightsFile>> files = namedWeights(names);
    if (!files)
        return kExitUsage;
    for (const WeightsFile &weights : *files)
        if (!fetchWeights(fromMirror(weights, mirror)))
            return kExitFailed;
    return kExitOk;
}

} // namespace

bool ensureImageNetWeights(const ModelConfig &model)
{
    const std::optional<WeightsFile> weights = missingImageNetWeights(model);
    if (!weights)
        return true;
    std::printf("model.pretrained: imagenet needs %s, not yet in torchvision's cache\n",
                qPrintable(weights->fileName()));
    return fetchWeights(fromMirror(*weights, weightsMirror()));
}

int runWeights(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("mirror"), QStringLiteral("Mirror URL."), QStringLiteral("URL")});
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "weights", arguments, kWeightsHelp, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional == QStringList{QStringLiteral("list")})
        return listWeights();
    if (positional.value(0) == QLatin1String("get"))
        return getWeights(positional.mid(1), parser.isSet(QStringLiteral("mirror"))
                                                 ? parser.value(QStringLiteral("mirror"))
                                                 : weightsMirror());
    std::fprintf(stderr, "masklab-cli weights: expected 'list' or 'get ARCH'\n\n%s", kWeightsHelp);
    return kExitUsage;
}

} // namespace masklab::cli
