// Grad-CAM for a run's answer on one photo (explainer.h, gradcam.h).

#include "explainer.h"

#include "failure.h"
#include "gradcam.h"
#include "imagepipeline.h"
#include "labels.h"
#include "models.h"
#include "runfiles.h"

#include <QDir>
#include <QFileInfo>

namespace masklab::trainer {

namespace {

// The classes (0..17) whose head value is `value`.
std::vector<int64_t> classesWith(ExplainHead head, int value)
{
    std::vector<int64_t> classes;
    for (int c = 0; c < kClassCount; ++c) {
        const ClassLabel label = *classLabel(c);
        const int v = head == ExplainHead::Mask     ? int(label.mask)
                      : head == ExplainHead::Gender ? int(label.gender)
                                                    : int(label.age);
        if (v == value)
            classes.push_back(c);
    }
    return classes;
}

// log p(head = value): the 18 classes' log-probabilities summed over the other heads.
torch::Tensor marginal(const torch::Tensor &logp, ExplainHead head, int value)
{
    return logp.index_select(0, torch::tensor(classesWith(head, value))).logsumexp(0);
}

QString valueName(ExplainHead head, int value)
{
    switch (head) {
    case ExplainHead::Mask:
        return maskStateName(MaskState(value));
    case ExplainHead::Gender:
        return genderName(Gender(value));
    case ExplainHead::Age:
        break;
    }
    return ageGroupName(AgeGroup(value));
}

} // namespace

torch::Tensor gradCam(const torch::Tensor &featureMap, const torch::Tensor &score, int64_t height,
                      int64_t width)
{
    const torch::Tensor gradient = torch::autograd::grad({score}, {featureMap})[0];
    const torch::Tensor weights = gradient.mean({2, 3}, true); // 1 x C x 1 x 1
    torch::Tensor cam = torch::relu((weights * featureMap).sum(1, true)).detach();
    cam = torch::upsample_bilinear2d(cam, {height, width}, false);
    const float top = cam.max().item<float>();
    return (top > 0 ? cam / top : cam).view({height, width});
}

std::optional<ExplainHead> explainHeadFromName(const QString &name)
{
    if (name == QLatin1String("mask"))
        return ExplainHead::Mask;
    if (name == QLatin1String("gender"))
        return ExplainHead::Gender;
    if (name == QLatin1String("age"))
        return ExplainHead::Age;
    return std::nullopt;
}

Explanation explainImage(Classifier &model, const torch::Tensor &image, ExplainHead head)
{
    Explanation out;
    const torch::Tensor map = model->featureMap(image);
    const torch::Tensor logp = torch::log_softmax(model->classifyMap(map), 1)[0];
    // The head's answer: its value with the largest marginal probability.
    int best = 0;
    double bestLogp = -INFINITY;
    for (int value = 0; value < (head == ExplainHead::Gender ? 2 : 3); ++value) {
        const double v = marginal(logp, head, value).item<double>();
        if (v > bestLogp) {
            bestLogp = v;
            best = value;
        }
    }
    const torch::Tensor cam =
        gradCam(map, marginal(logp, head, best), image.size(2), image.size(3)).contiguous();
    out.heat.assign(cam.data_ptr<float>(), cam.data_ptr<float>() + cam.numel());
    out.height = int(image.size(2));
    out.width = int(image.size(3));
    out.answer = valueName(head, best);
    out.probability = std::exp(bestLogp);
    out.ok = true;
    return out;
}

std::vector<Explanation> explainPhotos(const QString &runDir, const QString &checkpoint,
                                       const QStringList &photos, ExplainHead head)
{
    std::vector<Explanation> out(size_t(photos.size()));
    const auto failAll = [&out](const QString &error) {
        for (Explanation &e : out)
            e.error = error;
        return out;
    };
    const RunFiles files(QDir(runDir).absolutePath());
    TrainConfig config;
    QString error;
    if (!files.readConfig(&config, &error))
        return failAll(error);
    try {
        Classifier model = makeClassifier(config);
        if (!files.loadWeights(checkpoint + QStringLiteral(".pt"), model, &error))
            return failAll(QStringLiteral("run %1: %2").arg(runDir, error));
        model->eval();
        const PipelineOptions o = pipelineOptions(config, false);
        std::vector<float> pixels(size_t(3 * o.height * o.width));
        for (int i = 0; i < photos.size(); ++i) {
            Explanation &e = out[size_t(i)];
            if (!loadSample(photos[i], o, 0, pixels.data())) {
                e.error = QFileInfo::exists(photos[i])
                              ? QStringLiteral("%1 does not decode").arg(photos[i])
                              : QStringLiteral("%1 is missing").arg(photos[i]);
                continue;
            }
            e = explainImage(model, torch::from_blob(pixels.data(), {1, 3, o.height, o.width}),
                             head);
            e.crop = o.crop;
        }
    } catch (...) { // a LibTorch error: these photos are not explained, the process lives
        failAll(describeFailure(std::current_exception()));
        for (Explanation &e : out)
            e.modelFailed = true;
    }
    return out;
}

Explanation explainPhoto(const QString &runDir, const QString &checkpoint, const QString &photo,
                         ExplainHead head)
{
    return explainPhotos(runDir, checkpoint, {photo}, head).front();
}

} // namespace masklab::trainer
