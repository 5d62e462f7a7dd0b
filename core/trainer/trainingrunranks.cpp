// The parts of a TrainingRun that differ when it is one rank of a distributed run: what the rank
// trains, what it writes, and what the ranks agree on before and during training.

#include "distributedsetup.h"
#include "gradientaverager.h"
#include "processgroup.h"
#include "trainingrun.h"
#include "trainingsetup.h"

#include <QCryptographicHash>

#include <cmath>

namespace masklab::trainer {

namespace {

// Rank 0's values of tensors, in place on every rank, in one collective per element type.
void broadcastFlat(ProcessGroup &group, const std::vector<torch::Tensor> &tensors)
{
    std::map<torch::ScalarType, std::vector<torch::Tensor>> byType;
    for (const torch::Tensor &t : tensors)
        byType[t.scalar_type()].push_back(t);
    for (auto &[type, group_tensors] : byType) {
        std::vector<torch::Tensor> flat;
        for (const torch::Tensor &t : group_tensors)
            flat.push_back(t.reshape({-1}));
        torch::Tensor buffer = torch::cat(flat);
        group.broadcast(buffer, "sharing rank 0's weights");
        int64_t offset = 0;
        for (torch::Tensor t : group_tensors) {
            t.copy_(buffer.narrow(0, offset, t.numel()).view_as(t));
            offset += t.numel();
        }
    }
}

} // namespace

bool TrainingRun::writes() const
{
    return !m_group || m_group->rank() == 0;
}

QString TrainingRun::checkSameConfig()
{
    if (!m_group)
        return {};
    const QByteArray hash =
        QCryptographicHash::hash(trainConfigToYaml(m_config), QCryptographicHash::Sha256).toHex();
    const QString differing = m_group->ranksDiffering("config", hash.toStdString());
    if (differing.isEmpty())
        return {};
    return QStringLiteral("the ranks were started with different configurations: rank %1 "
                          "resolved another config than rank 0's (its YAML's SHA-256 differs); "
                          "start every rank with the same --config, --set and dataset")
        .arg(differing);
}

// On GPUs, the one of this rank's LOCAL_RANK (as torchrun intends); then the backend between the
// ranks for this device.
QString TrainingRun::takeRankDevice()
{
    if (!m_group)
        return {};
    if (m_device.is_cuda())
        m_device =
            torch::Device(torch::kCUDA, int8_t(m_group->localRank() % torch::cuda::device_count()));
    return m_group->useDevice(m_device);
}

void TrainingRun::shareRankZeroWeights()
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> state;
    for (const torch::Tensor &p : m_model->parameters())
        state.push_back(p.detach());
    for (const torch::Tensor &b : m_model->buffers())
        state.push_back(b);
    broadcastFlat(*m_group, state);
}

std::vector<int> TrainingRun::epochShare(uint64_t epochSeed) const
{
    const std::vector<int> order = epochOrder(m_config, m_data.train, epochSeed);
    return m_group ? shardOrder(order, m_group->rank(), m_group->worldSize(), true) : order;
}

TrainingPosition TrainingRun::continuingPosition() const
{
    TrainingPosition position = m_resumed;
    const int world = m_group ? m_group->worldSize() : 1;
    position.batchesDone = batchesDoneForWorld(m_resumed.batchesDone, m_resumed.worldSize, world);
    position.worldSize = world;
    return position;
}

QString TrainingRun::ranksText(int count)
{
    return count == 1 ? QStringLiteral("1 rank") : QStringLiteral("%1 ranks").arg(count);
}

QString TrainingRun::resumeNote() const
{
    if (m_resumed.batchesDone == 0)
        return QStringLiteral("continuing after epoch %1").arg(m_resumed.epoch);
    const TrainingPosition position = continuingPosition();
    QString note = QStringLiteral("continuing epoch %1 after batch %2")
                       .arg(m_resumed.epoch + 1)
                       .arg(position.batchesDone);
    if (position.worldSize != m_resumed.worldSize)
        note += QStringLiteral(" (stopped after batch %1 with %2; now %3)")
                    .arg(m_resumed.batchesDone)
                    .arg(ranksText(m_resumed.worldSize), ranksText(position.worldSize));
    return note;
}

torch::Tensor TrainingRun::stepStatistics(double loss, int count) const
{
    const bool stop = m_cancel && m_cancel->load();
    torch::Tensor step = torch::tensor(
        {loss * count, double(count), std::isfinite(loss) ? 0.0 : 1.0, stop ? 1.0 : 0.0},
        torch::kFloat64);
    if (m_group)
        m_group->sum(step, "summing the step's loss");
    return step;
}

std::vector<int> TrainingRun::failedOnAnyRank()
{
    std::vector<int> failed;
    failed.swap(m_failedThisEpoch);
    if (!m_group)
        return {};
    torch::Tensor flags = torch::zeros({int64_t(m_data.train.size())}, torch::kInt32);
    auto flag = flags.accessor<int32_t, 1>();
    for (int sample : failed)
        flag[sample] = 1;
    m_group->sum(flags, "sharing the photos that did not decode");
    failed.clear();
    for (int64_t i = 0; i < flags.size(0); ++i)
        if (flag[i] > 0)
            failed.push_back(int(i));
    return failed;
}

void TrainingRun::tellGradientTraffic(int epoch, double trainSeconds)
{
    if (!m_averager)
        return;
    const double seconds = m_averager->takeSeconds();
    tell(TrainEvent::Kind::Info, epoch,
         QStringLiteral("epoch %1: gradients all-reduced in %2 buckets, %3 MB per step; %4 s of "
                        "the epoch's %5 s of training (%6%)")
             .arg(epoch)
             .arg(m_averager->bucketsLastStep())
             .arg(m_averager->bytesLastStep() / 1e6, 0, 'f', 2)
             .arg(seconds, 0, 'f', 2)
             .arg(trainSeconds, 0, 'f', 2)
             .arg(100 * seconds / std::max(1e-9, trainSeconds), 0, 'f', 1));
}

} // namespace masklab::trainer
