// One training step of a TrainingRun: the forward pass under the run's precision, the loss over
// the ranks, backward and the optimizer's step, with fp16's loss scale between them.

#include "trainingrun.h"

#include "failure.h"
#include "gradientaverager.h"
#include "losses.h"
#include "lrschedule.h"
#include "validationpass.h"

namespace masklab::trainer {

// One optimizer step; the BatchDone event and its line in batches.jsonl.
QString TrainingRun::trainBatch(const Batch &batch, int epoch, TrainingPosition *position)
{
    injectFault("train-batch", m_cancel);
    // The rate of this batch: a pure function of where it stands, so a resume repeats it.
    m_lr =
        learningRate(m_config, epoch, position->batchesDone - 1, m_trainLoader->batchesPerEpoch());
    for (auto &group : m_optimizer->param_groups())
        group.options().set_lr(m_lr);
    m_optimizer->zero_grad();
    torch::Tensor loss = torch::zeros({}, m_device);
    if (batch.count > 0) {
        const AutocastScope autocast(m_precision); // the forward pass; backward follows it
        loss = batchLoss(m_model, toImages(batch, m_trainLoader->options(), m_device),
                         torch::tensor(batch.labels).to(m_device),
                         torch::tensor(batch.ages).to(m_device), m_config, m_classWeights);
    }
    const torch::Tensor step = stepStatistics(loss.item<double>(), batch.count);
    const double lossSum = step[0].item<double>();
    const auto seen = int64_t(step[1].item<double>());
    const double value = lossSum / std::max<int64_t>(1, seen);
    m_result.cancelled = step[3].item<double>() > 0;
    if (step[2].item<double>() > 0) // on any rank
        return skipOverflowedStep(value, epoch, *position);
    backwardAndStep(loss, batch.count > 0, testOverflowAt(epoch + 1, position->batchesDone));
    position->lossSum += lossSum; // of every rank's photos
    position->seen += seen;
    TrainEvent e;
    e.kind = TrainEvent::Kind::BatchDone;
    e.epoch = epoch + 1;
    e.epochs = m_config.train.epochs;
    e.batch = position->batchesDone;
    e.batches = m_trainLoader->batchesPerEpoch();
    e.loss = value;
    e.lr = m_lr;
    e.imagesPerSecond = position->seen / std::max(1e-9, secondsThisEpoch());
    e.skippedPhotos = m_skipped->count();
    QString error;
    if (writes() && !m_files.appendBatch(
                        {e.epoch, e.batch, e.batches, e.loss, e.imagesPerSecond, e.lr}, &error))
        return error;
    m_sink(e);
    return {};
}

void TrainingRun::backwardAndStep(const torch::Tensor &loss, bool anyPhotos, bool overflow)
{
    if (anyPhotos)
        m_scaler.scaled(loss).backward();
    if (overflow) // the test hook: as fp16's range would overflow (failure.h)
        for (const torch::Tensor &p : m_model->parameters())
            if (p.grad().defined()) {
                p.grad().fill_(INFINITY);
                break;
            }
    if (m_averager) // the scaled gradients: every rank then finds the same overflow
        m_averager->average(m_model->parameters());
    const bool finite = m_scaler.unscale(m_model->parameters());
    m_scaler.update(finite);
    if (!finite)
        return; // the scale is lower for the next batch
    if (m_config.train.gradClip > 0)
        torch::nn::utils::clip_grad_norm_(m_model->parameters(), m_config.train.gradClip);
    m_optimizer->step();
}

void TrainingRun::tellLossScale(int epoch)
{
    if (!m_scaler.enabled())
        return;
    const LossScaleState &state = m_scaler.state();
    const int64_t skipped = state.skippedSteps - m_skippedBeforeEpoch;
    m_skippedBeforeEpoch = state.skippedSteps;
    tell(TrainEvent::Kind::Info, epoch + 1,
         QStringLiteral("fp16 loss scale %1; %2 step%3 skipped for overflow this epoch (%4 in "
                        "all)")
             .arg(state.scale)
             .arg(skipped)
             .arg(skipped == 1 ? QString() : QStringLiteral("s"))
             .arg(state.skippedSteps));
}

QString TrainingRun::skipOverflowedStep(double loss, int epoch, const TrainingPosition &position)
{
    // fp16's range overflows now and then, as its scale grows; a loss that stays non-finite
    // over this many halvings (the scale is then below 2^-34) is a diverged run, not an overflow.
    constexpr int64_t kMostSkipsInARow = 50;
    if (m_scaler.enabled() && m_scaler.skippedInARow() < kMostSkipsInARow) {
        m_scaler.update(false);
        return {};
    }
    return QStringLiteral("the loss became %1 in epoch %2, batch %3%4; lower optimizer.lr or "
                          "set train.grad_clip")
        .arg(loss)
        .arg(epoch + 1)
        .arg(position.batchesDone)
        .arg(m_scaler.enabled()
                 ? QStringLiteral(" and stayed so for %1 fp16 steps").arg(kMostSkipsInARow)
                 : QString());
}

} // namespace masklab::trainer
