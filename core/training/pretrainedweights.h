#pragma once
// ImageNet weights by name (model.pretrained: imagenet): the file torchvision publishes for each
// architecture MaskLab builds in torchvision's layout, looked up in torch.hub's own cache, so a
// user who ever ran torchvision with pretrained weights has them already.

#include "trainconfig.h"

#include <QString>

#include <optional>
#include <vector>

namespace masklab {

// The model.pretrained value that means "torchvision's ImageNet weights for model.architecture".
inline constexpr const char *kImageNetPretrained = "imagenet";

struct WeightsFile
{
    ModelConfig::Architecture architecture;
    QString name; // "resnet18", as torchvision names the builder
    QString url;  // where torchvision downloads it from (its DEFAULT weights)

    QString fileName() const;   // the URL's last part: "resnet18-f37072fd.pth"
    QString hashPrefix() const; // the SHA-256 prefix in the file name, as torch.hub checks it
};

// Every architecture with published ImageNet weights, in menu order.
const std::vector<WeightsFile> &imageNetWeights();
std::optional<WeightsFile> imageNetWeightsFor(ModelConfig::Architecture architecture);
QString imageNetArchitectures(); // "resnet18, resnet34, ..."

// Where to download a file from on machines without internet: the folder URL in
// MASKLAB_WEIGHTS_MIRROR (a copy of https://download.pytorch.org/models/), else nothing.
QString weightsMirror();
// The file as found under mirror (the same name, so the same hash check); unchanged when the
// mirror is empty.
WeightsFile fromMirror(WeightsFile weights, const QString &mirror);

// torch.hub's folder of downloaded weights, as PyTorch resolves it: $TORCH_HOME/hub/checkpoints,
// TORCH_HOME defaulting to $XDG_CACHE_HOME/torch, and that to ~/.cache/torch.
QString torchHubCheckpointsDir();

// Where torch.hub keeps this file: torchHubCheckpointsDir()/fileName().
QString cachedPath(const WeightsFile &weights);

// The ImageNet file model.pretrained: imagenet asks for when the cache lacks it (nothing for
// another pretrained value, an architecture without one, or a file already there - a damaged
// file is the trainer's to explain), so the GUI and the CLI download the same file.
std::optional<WeightsFile> missingImageNetWeights(const ModelConfig &model);

// Whether the file's SHA-256 starts with the prefix its name promises; error says why not.
bool hasPromisedHash(const QString &path, const WeightsFile &weights, QString *error);

// model.pretrained as a file to load: "imagenet" becomes the cached torchvision file for the
// architecture (checked against its hash), or nothing with what to download and where; any
// other value is returned as it is.
std::optional<QString> resolvePretrained(const ModelConfig &model, QString *error);
// The same against another list of files (the tests' own, whose hashes they can make).
std::optional<QString> resolvePretrained(const ModelConfig &model,
                                         const std::vector<WeightsFile> &files, QString *error);

} // namespace masklab
