#include "losses.h"

namespace masklab::trainer {

namespace F = torch::nn::functional;

namespace {
// Per-sample weights from class weights (1 when there are none).
torch::Tensor sampleWeights(const torch::Tensor &targets, const torch::Tensor &classWeights)
{
    if (!classWeights.defined() || classWeights.numel() == 0)
        return torch::ones({targets.size(0)}, torch::TensorOptions().device(targets.device()));
    return classWeights.index_select(0, targets);
}

torch::Tensor weightedMean(const torch::Tensor &perSample, const torch::Tensor &weights)
{
    return (perSample * weights).sum() / weights.sum().clamp_min(1e-12);
}

// What the model gives for one batch: the 18 class logits and, with a years head, its years.
struct ModelOutput
{
    torch::Tensor logits;
    torch::Tensor years;
};

ModelOutput modelOutput(Classifier &model, const torch::Tensor &images)
{
    if (!model->hasYearsHead())
        return {model->forward(images), {}};
    const std::vector<torch::Tensor> tasks = model->taskLogits(images);
    return {model->combine(tasks), tasks[2]};
}

torch::Tensor outputLoss(Classifier &model, const ModelOutput &out, const torch::Tensor &targets,
                         const torch::Tensor &ages, const TrainConfig &config,
                         const torch::Tensor &weights)
{
    torch::Tensor loss = totalLoss(config.loss, out.logits, targets, weights);
    if (!out.years.defined())
        return loss;
    const torch::Tensor target = ageYearsTarget(ages, targets.remainder(kAgeGroupCount),
                                                model->ageBounds(), config.model.ageSigma);
    const torch::Tensor perSample = -(target * torch::log_softmax(out.years, 1)).sum(1);
    return loss + weightedMean(perSample, sampleWeights(targets, weights));
}
} // namespace

torch::Tensor ageYearsTarget(const torch::Tensor &ages, const torch::Tensor &groups,
                             const AgeThresholds &bounds, double sigma)
{
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(ages.device());
    const int64_t yearCount = ClassifierImpl::kAgeYears;
    const torch::Tensor from =
        torch::tensor({0, bounds.middleFrom, bounds.oldFrom}, options).index_select(0, groups);
    const torch::Tensor to =
        torch::tensor({bounds.middleFrom, bounds.oldFrom, int(yearCount)}, options)
            .index_select(0, groups);
    const torch::Tensor years = torch::arange(yearCount, options).unsqueeze(0);
    const torch::Tensor inGroup =
        ((years >= from.unsqueeze(1)) & (years < to.unsqueeze(1))).to(torch::kFloat32);
    // The nearest year of the group: the stated age unless relabelled into another group.
    const torch::Tensor centre = torch::max(torch::min(ages.to(torch::kFloat32), to - 1), from);
    const torch::Tensor gauss = torch::exp(-0.5 * ((years - centre.unsqueeze(1)) / sigma).pow(2));
    const torch::Tensor known = (ages >= 0).to(torch::kFloat32).unsqueeze(1);
    const torch::Tensor weight = inGroup * (known * gauss + (1 - known));
    return weight / weight.sum(1, true);
}

torch::Tensor lossOf(const LossTerm &term, const torch::Tensor &logits,
                     const torch::Tensor &targets, const torch::Tensor &classWeights)
{
    const torch::Tensor logp = torch::log_softmax(logits, 1);
    const torch::Tensor weights = sampleWeights(targets, classWeights);
    const torch::Tensor logpTrue = logp.gather(1, targets.unsqueeze(1)).squeeze(1);
    switch (term.kind) {
    case LossTerm::Kind::CrossEntropy:
        return weightedMean(-logpTrue, weights);
    case LossTerm::Kind::Focal: {
        const torch::Tensor pTrue = logpTrue.exp();
        return weightedMean(-torch::pow(1 - pTrue, term.gamma) * logpTrue, weights);
    }
    case LossTerm::Kind::LabelSmoothing: {
        // (1 - eps) * NLL + eps * mean over classes of -log p: PyTorch's label_smoothing.
        const double eps = term.epsilon;
        const torch::Tensor smooth = -logp.mean(1);
        return weightedMean((1 - eps) * -logpTrue + eps * smooth, weights);
    }
    case LossTerm::Kind::F1: {
        const int64_t classes = logits.size(1);
        const torch::Tensor p = logp.exp();
        const torch::Tensor onehot = F::one_hot(targets, classes).to(p.dtype());
        const torch::Tensor tp = (p * onehot).sum(0);
        const torch::Tensor fp = (p * (1 - onehot)).sum(0);
        const torch::Tensor fn = ((1 - p) * onehot).sum(0);
        const torch::Tensor f1 = 2 * tp / (2 * tp + fp + fn + 1e-7);
        return 1 - f1.mean();
    }
    }
    return logits.sum() * 0;
}

torch::Tensor totalLoss(const LossConfig &config, const torch::Tensor &logits,
                        const torch::Tensor &targets, const torch::Tensor &classWeights)
{
    torch::Tensor total;
    for (const LossTerm &term : config.terms) {
        const torch::Tensor part = term.weight * lossOf(term, logits, targets, classWeights);
        total = total.defined() ? total + part : part;
    }
    return total;
}

torch::Tensor batchLoss(Classifier &model, const torch::Tensor &images,
                        const torch::Tensor &targets, const torch::Tensor &ages,
                        const TrainConfig &config, const torch::Tensor &weights)
{
    const double alpha = config.augment.mixup;
    if (alpha <= 0 || images.size(0) < 2)
        return outputLoss(model, modelOutput(model, images), targets, ages, config, weights);
    // Beta(a, a) as the share of one of two Gamma(a) draws; torch's generator is seeded per
    // epoch, so a resumed run draws the same.
    const torch::Tensor gammas = at::_standard_gamma(torch::full({2}, alpha, torch::kFloat64));
    const double lambda = (gammas[0] / gammas.sum()).item<double>();
    const torch::Tensor order = torch::randperm(images.size(0), torch::kLong).to(images.device());
    const ModelOutput out =
        modelOutput(model, lambda * images + (1 - lambda) * images.index_select(0, order));
    return lambda * outputLoss(model, out, targets, ages, config, weights) +
           (1 - lambda) * outputLoss(model, out, targets.index_select(0, order),
                                     ages.index_select(0, order), config, weights);
}

} // namespace masklab::trainer
