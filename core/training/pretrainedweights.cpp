#include "pretrainedweights.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace masklab {

QString WeightsFile::fileName() const
{
    return url.section(u'/', -1);
}

QString WeightsFile::hashPrefix() const
{
    // torch.hub's HASH_REGEX: the hex digits between the last '-' and the '.'.
    static const QRegularExpression hash(QStringLiteral("-([a-f0-9]*)\\."));
    const QRegularExpressionMatch match = hash.match(fileName());
    return match.hasMatch() ? match.captured(1) : QString();
}

const std::vector<WeightsFile> &imageNetWeights()
{
    using A = ModelConfig::Architecture;
    // torchvision 0.14's DEFAULT weights of each builder (IMAGENET1K_V2 for resnet50 and
    // mobilenet_v3_large).
    static const std::vector<WeightsFile> files = {
        {A::ResNet18, QStringLiteral("resnet18"),
         QStringLiteral("https://download.pytorch.org/models/resnet18-f37072fd.pth")},
        {A::ResNet34, QStringLiteral("resnet34"),
         QStringLiteral("https://download.pytorch.org/models/resnet34-b627a593.pth")},
        {A::ResNet50, QStringLiteral("resnet50"),
         QStringLiteral("https://download.pytorch.org/models/resnet50-11ad3fa6.pth")},
        {A::EfficientNetB0, QStringLiteral("efficientnet_b0"),
         QStringLiteral(
             "https://download.pytorch.org/models/efficientnet_b0_rwightman-3dd342df.pth")},
        {A::EfficientNetB3, QStringLiteral("efficientnet_b3"),
         QStringLiteral(
             "https://download.pytorch.org/models/efficientnet_b3_rwightman-cf984f9c.pth")},
        {A::MobileNetV3Large, QStringLiteral("mobilenet_v3_large"),
         QStringLiteral("https://download.pytorch.org/models/mobilenet_v3_large-5c1a4163.pth")},
    };
    return files;
}

namespace {

std::optional<WeightsFile> weightsFor(const std::vector<WeightsFile> &files,
                                      ModelConfig::Architecture architecture)
{
    for (const WeightsFile &file : files)
        if (file.architecture == architecture)
            return file;
    return std::nullopt;
}

QString namesOf(const std::vector<WeightsFile> &files)
{
    QStringList names;
    for (const WeightsFile &file : files)
        names << file.name;
    return names.join(QStringLiteral(", "));
}

} // namespace

std::optional<WeightsFile> imageNetWeightsFor(ModelConfig::Architecture architecture)
{
    return weightsFor(imageNetWeights(), architecture);
}

QString imageNetArchitectures()
{
    return namesOf(imageNetWeights());
}

QString weightsMirror()
{
    return qEnvironmentVariable("MASKLAB_WEIGHTS_MIRROR");
}

WeightsFile fromMirror(WeightsFile weights, const QString &mirror)
{
    if (!mirror.isEmpty())
        weights.url = mirror + (mirror.endsWith(u'/') ? "" : "/") + weights.fileName();
    return weights;
}

QString torchHubCheckpointsDir()
{
    QString home = qEnvironmentVariable("TORCH_HOME");
    if (home.isEmpty()) {
        QString cache = qEnvironmentVariable("XDG_CACHE_HOME");
        if (cache.isEmpty())
            cache = QDir::homePath() + QStringLiteral("/.cache");
        home = cache + QStringLiteral("/torch");
    } else if (home.startsWith(QStringLiteral("~/"))) { // os.path.expanduser, as PyTorch does
        home = QDir::homePath() + home.mid(1);
    }
    return QDir::cleanPath(home + QStringLiteral("/hub/checkpoints"));
}

QString cachedPath(const WeightsFile &weights)
{
    return torchHubCheckpointsDir() + u'/' + weights.fileName();
}

std::optional<WeightsFile> missingImageNetWeights(const ModelConfig &model)
{
    if (model.pretrained != QLatin1String(kImageNetPretrained))
        return std::nullopt;
    const std::optional<WeightsFile> weights = imageNetWeightsFor(model.architecture);
    if (!weights || QFileInfo::exists(cachedPath(*weights)))
        return std::nullopt;
    return weights;
}

bool hasPromisedHash(const QString &path, const WeightsFile &weights, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    QCryptographicHash sha256(QCryptographicHash::Sha256);
    if (!sha256.addData(&file)) {
        *error = QStringLiteral("%1: cannot be read").arg(path);
        return false;
    }
    const QString digest = QString::fromLatin1(sha256.result().toHex());
    if (digest.startsWith(weights.hashPrefix()))
        return true;
    *error =
        QStringLiteral("%1: its SHA-256 begins %2, not %3 as its name promises: the file is "
                       "damaged or cut short; delete it and download it again from %4")
            .arg(path, digest.left(weights.hashPrefix().size()), weights.hashPrefix(), weights.url);
    return false;
}

std::optional<QString> resolvePretrained(const ModelConfig &model, QString *error)
{
    return resolvePretrained(model, imageNetWeights(), error);
}

std::optional<QString> resolvePretrained(const ModelConfig &model,
                                         const std::vector<WeightsFile> &files, QString *error)
{
    if (model.pretrained != QLatin1String(kImageNetPretrained))
        return model.pretrained;
    const std::optional<WeightsFile> weights = weightsFor(files, model.architecture);
    if (!weights) {
        *error = QStringLiteral("imagenet weights exist for %1 only (set model.architecture)")
                     .arg(namesOf(files));
        return std::nullopt;
    }
    const QString path = cachedPath(*weights);
    if (!QFileInfo(path).isFile()) {
        *error = QStringLiteral("the ImageNet weights of %1 are not in torchvision's cache: "
                                "download %2 into %3 (as torchvision does; masklab-cli weights "
                                "list shows every file)")
                     .arg(weights->name, weights->url, torchHubCheckpointsDir());
        return std::nullopt;
    }
    if (!hasPromisedHash(path, *weights, error))
        return std::nullopt;
    return path;
}

} // namespace masklab
