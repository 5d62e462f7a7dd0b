#include "validationpass.h"

#include "precision.h"

#include "distributedsetup.h"
#include "losses.h"
#include "processgroup.h"

#include <numeric>

namespace masklab::trainer {

namespace {

// One rank's share: per photo of the order its probabilities (or that it did not decode), and
// the summed loss over the photos that did.
struct Share
{
    torch::Tensor probabilities; // samples x 18, zero where not in this share
    torch::Tensor outcome;       // samples: 0 not in the share, 1 predicted, 2 did not decode
    torch::Tensor lossAndCount;  // float64 {sum of losses, photos}
};

Share passOver(const std::vector<int> &order, Classifier &model, BatchLoader &loader,
               const TrainConfig &config, const torch::Tensor &weights, const torch::Device &device)
{
    QString ignored; // the run checked it when it began
    const PrecisionChoice precision =
        choosePrecision(config, device, &ignored).value_or(PrecisionChoice());
    const int64_t samples = int64_t(loader.samples().size());
    Share share{torch::zeros({samples, kClassCount}), torch::zeros({samples}, torch::kInt32),
                torch::zeros({2}, torch::kFloat64)};
    auto outcome = share.outcome.accessor<int32_t, 1>();
    loader.startEpoch(order, 0);
    while (auto batch = loader.next()) {
        for (int sample : batch->failedSamples)
            outcome[sample] = 2;
        if (batch->count == 0)
            continue;
        torch::Tensor logits;
        {
            const AutocastScope autocast(precision);
            logits = model->forward(toImages(*batch, loader.options(), device));
        }
        const torch::Tensor targets = torch::tensor(batch->labels).to(device);
        share.lossAndCount[0] +=
            totalLoss(config.loss, logits, targets, weights).item<double>() * batch->count;
        share.lossAndCount[1] += batch->count;
        const torch::Tensor probs = torch::softmax(logits, 1).cpu();
        const torch::Tensor rows = torch::tensor(batch->samples, torch::kLong);
        share.probabilities.index_copy_(0, rows, probs);
        for (int sample : batch->samples)
            outcome[sample] = 1;
    }
    return share;
}

// The Validation of the photos the share (or the shares summed) covers, in sample order.
Validation fromShare(const Share &share, const std::vector<Sample> &samples)
{
    Validation v;
    const auto outcome = share.outcome.accessor<int32_t, 1>();
    const torch::Tensor predicted = share.probabilities.argmax(1);
    for (int64_t i = 0; i < int64_t(samples.size()); ++i) {
        if (outcome[i] == 2)
            v.failedSamples.push_back(int(i));
        if (outcome[i] != 1)
            continue;
        v.confusion.add(samples[size_t(i)].label, int(predicted[i].item<int64_t>()));
        const float *p = share.probabilities[i].data_ptr<float>();
        v.probabilities.push_back({int(i), std::vector<float>(p, p + kClassCount)});
    }
    const double count = share.lossAndCount[1].item<double>();
    v.loss = count > 0 ? share.lossAndCount[0].item<double>() / count : 0;
    return v;
}

} // namespace

torch::Tensor toImages(const Batch &batch, const PipelineOptions &o, const torch::Device &device)
{
    return torch::from_blob(const_cast<float *>(batch.images.data()),
                            {batch.count, 3, o.height, o.width}, torch::kFloat32)
        .to(device);
}

Validation validate(Classifier &model, BatchLoader &loader, const TrainConfig &config,
                    const torch::Tensor &weights, const torch::Device &device, ProcessGroup *group)
{
    model->eval();
    torch::NoGradGuard noGrad;
    std::vector<int> order(loader.samples().size());
    std::iota(order.begin(), order.end(), 0);
    if (group)
        order = shardOrder(order, group->rank(), group->worldSize(), false);
    Share share = passOver(order, model, loader, config, weights, device);
    if (group) { // each photo is in one share: the sums are the whole set's
        group->sum(share.probabilities, "sharing validation results");
        group->sum(share.outcome, "sharing validation results");
        group->sum(share.lossAndCount, "sharing validation results");
    }
    return fromShare(share, loader.samples());
}

} // namespace masklab::trainer
