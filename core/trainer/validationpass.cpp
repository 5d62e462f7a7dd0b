#include "validationpass.h"

#include "losses.h"

#include <numeric>

namespace masklab::trainer {

torch::Tensor toImages(const Batch &batch, const PipelineOptions &o, const torch::Device &device)
{
    return torch::from_blob(const_cast<float *>(batch.images.data()),
                            {batch.count, 3, o.height, o.width}, torch::kFloat32)
        .to(device);
}

Validation validate(Classifier &model, BatchLoader &loader, const TrainConfig &config,
                    const torch::Tensor &weights, const torch::Device &device)
{
    Validation v;
    model->eval();
    torch::NoGradGuard noGrad;
    std::vector<int> order(loader.samples().size());
    std::iota(order.begin(), order.end(), 0);
    loader.startEpoch(order, 0);
    double lossSum = 0;
    int64_t count = 0;
    while (auto batch = loader.next()) {
        v.failedSamples.insert(v.failedSamples.end(), batch->failedSamples.begin(),
                               batch->failedSamples.end());
        if (batch->count == 0)
            continue;
        const torch::Tensor logits = model->forward(toImages(*batch, loader.options(), device));
        const torch::Tensor targets = torch::tensor(batch->labels).to(device);
        lossSum += totalLoss(config.loss, logits, targets, weights).item<double>() * batch->count;
        count += batch->count;
        const torch::Tensor probs = torch::softmax(logits, 1).cpu().contiguous();
        const torch::Tensor predicted = probs.argmax(1);
        for (int i = 0; i < batch->count; ++i) {
            v.confusion.add(int(batch->labels[size_t(i)]), int(predicted[i].item<int64_t>()));
            const float *p = probs[i].data_ptr<float>();
            v.probabilities.push_back(
                {batch->samples[size_t(i)], std::vector<float>(p, p + kClassCount)});
        }
    }
    v.loss = count > 0 ? lossSum / double(count) : 0;
    return v;
}

} // namespace masklab::trainer
