// One rank of the distributed tests (tst_distributed starts two of them, or one alone): the
// trainer's own ProcessGroup, GradientAverager, shardOrder and validate() on work small enough
// to compare exactly. Usage: distributedchild steps|die|validate OUT_DIR [DATASET]
//   steps     6 SGD steps of a batch-norm-free MLP on seeded data, global batch 8 (8 / ranks per
//             rank); rank 0's initial weights broadcast. Writes OUT_DIR/params-RANK.bin.
//   die       as steps, but rank 1 ends itself (exit 3) before its third step.
//   validate  a seeded small CNN validated on DATASET (a synthetic set, 96x128 photos). Writes
//             OUT_DIR/validation-RANK.txt: macro F1 and loss, then each photo's probabilities.
// torchrun's variables make it a rank; without them it is one process. Exit 1: a RunFailure,
// its message on stderr.

#include "batchloader.h"
#include "failure.h"
#include "gradientaverager.h"
#include "processgroup.h"
#include "testsupport.h"
#include "trainingdata.h"
#include "validationpass.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <numeric>

using namespace masklab;
using namespace masklab::trainer;

namespace {

constexpr int kSamples = 32;
constexpr int kGlobalBatch = 8;

void shareRankZeroInit(torch::nn::Module &model, ProcessGroup *group)
{
    if (!group)
        return;
    torch::NoGradGuard noGrad;
    for (torch::Tensor p : model.parameters())
        group->broadcast(p, "sharing rank 0's weights");
}

// The steps of data parallelism as the trainer takes them: the rank's share of the epoch's
// order, a batch of global/world, backward, averaged gradients, the optimizer's step. "die": rank
// 1 exits at step 2; "idle": rank 1's first batch has no photo (none decoded), so no backward.
void trainSteps(ProcessGroup *group, const QString &mode, const QString &out)
{
    const int rank = group ? group->rank() : 0, world = group ? group->worldSize() : 1;
    torch::manual_seed(1);
    const torch::Tensor inputs = torch::randn({kSamples, 16});
    const torch::Tensor labels = torch::randint(kClassCount, {kSamples});
    torch::manual_seed(7 + uint64_t(rank)); // different on each rank until rank 0's is shared
    torch::nn::Sequential model(torch::nn::Linear(16, 32), torch::nn::Tanh(),
                                torch::nn::Linear(32, kClassCount));
    shareRankZeroInit(*model, group);
    torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
    std::unique_ptr<GradientAverager> averager =
        group ? std::make_unique<GradientAverager>(*group, 1024) : nullptr; // several buckets
    const int perRank = kGlobalBatch / world;
    for (int step = 0; step < 6; ++step) {
        if (mode == QLatin1String("die") && rank == 1 && step == 2)
            std::exit(3);
        std::vector<int> order(kSamples);
        std::iota(order.begin(), order.end(), 0);
        std::reverse(order.begin() + step % 3, order.end()); // a different order each epoch
        const std::vector<int> share = group ? shardOrder(order, rank, world, true) : order;
        const int first = (step % 4) * perRank;
        const std::vector<int64_t> rows(share.begin() + first, share.begin() + first + perRank);
        const torch::Tensor index = torch::tensor(rows);
        optimizer.zero_grad();
        if (mode != QLatin1String("idle") || rank != 1 || step != 0)
            torch::nn::functional::cross_entropy(model->forward(inputs.index_select(0, index)),
                                                 labels.index_select(0, index))
                .backward();
        if (averager)
            averager->average(model->parameters());
        optimizer.step();
    }
    QFile file(out + QStringLiteral("/params-%1.bin").arg(rank));
    file.open(QIODevice::WriteOnly);
    for (const torch::Tensor &p : model->parameters()) {
        const torch::Tensor values = p.detach().contiguous();
        file.write(static_cast<const char *>(values.data_ptr()),
                   qint64(values.numel() * values.element_size()));
    }
}

void validateShare(ProcessGroup *group, const QString &dataset, const QString &out)
{
    const TrainConfig config = test::tinyTrainConfig(dataset, 1);
    const TrainingData data = prepareTrainingData(config, false);
    torch::manual_seed(11);
    Classifier model(config.model);
    BatchLoader loader(data.validation, pipelineOptions(config, false), 5, 1);
    const Validation v = validate(model, loader, config, {}, torch::kCPU, group);
    QFile file(out + QStringLiteral("/validation-%1.txt").arg(group ? group->rank() : 0));
    file.open(QIODevice::WriteOnly);
    file.write(QStringLiteral("%1 %2\n")
                   .arg(v.confusion.macroF1(), 0, 'g', 17)
                   .arg(v.loss, 0, 'g', 9)
                   .toUtf8());
    for (const auto &[sample, probabilities] : v.probabilities) {
        QString line = QString::number(sample);
        for (float p : probabilities)
            line += u' ' + QString::number(p, 'g', 9);
        file.write(line.toUtf8() + '\n');
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    const QStringList args = application.arguments();
    QString error;
    const auto setup =
        distributedSetupFromEnvironment(QProcessEnvironment::systemEnvironment(), &error);
    if (!setup || args.size() < 3) {
        std::fprintf(stderr, "distributedchild: %s\n", qPrintable(error));
        return 2;
    }
    torch::set_num_threads(1);
    try {
        std::unique_ptr<ProcessGroup> group;
        if (setup->active() && !(group = ProcessGroup::join(*setup, &error))) {
            std::fprintf(stderr, "distributedchild: %s\n", qPrintable(error));
            return 2;
        }
        if (args[1] == QLatin1String("validate"))
            validateShare(group.get(), args.value(3), args[2]);
        else
            trainSteps(group.get(), args[1], args[2]);
    } catch (...) {
        std::fprintf(stderr, "%s\n", qPrintable(describeFailure(std::current_exception())));
        return 1;
    }
    return 0;
}
