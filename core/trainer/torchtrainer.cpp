// train() and resume(): a TrainingRun's steps in order, and every failure - a step's message or
// an exception out of LibTorch, OpenCV or an allocation - turned into a Failed run.

#include "failure.h"
#include "processgroup.h"
#include "runfiles.h"
#include "tensorallocator.h"
#include "trainer.h"
#include "trainingrun.h"

#include <QDir>

namespace masklab::trainer {

namespace {

// Ends the run as failed: status.json (once the run has begun) and the Failed event.
TrainResult failRun(TrainResult result, const QString &message, RunStatusKeeper &status,
                    const TrainSink &sink, ProcessGroup *group = nullptr)
{
    if (group)
        group->announceFailure(message);
    result.ok = false;
    result.error = message;
    QString ignored; // the failure itself is what gets reported
    status.end(RunStatus::State::Failed, message, &ignored);
    TrainEvent e;
    e.kind = TrainEvent::Kind::Failed;
    e.message = message;
    sink(e);
    return result;
}

// A new run of `requested`, or (none) the run in result.runDir resumed with its saved config:
// the steps of TrainingRun, until one of them says why the run must fail.
TrainResult runTraining(const std::optional<TrainConfig> &requested, TrainResult &result,
                        const TrainSink &sink, const std::atomic<bool> *cancel,
                        RunStatusKeeper &status, ProcessGroup *group,
                        std::optional<TrainingConfig::Precision> precision)
{
    TrainingRun run(requested, result, sink, cancel, status, group, precision);
    QString problem = run.prepare();
    if (problem.isEmpty())
        problem = run.begin();
    for (int epoch = run.firstEpoch(); problem.isEmpty() && epoch < run.epochs(); ++epoch) {
        if (run.stopsBeforeEpoch(epoch))
            break;
        TrainingPosition position;
        problem = run.trainEpoch(epoch, &position);
        if (problem.isEmpty() && run.cancelled()) {
            problem = run.saveStopPoint(position);
            break;
        }
        if (problem.isEmpty())
            problem = run.validateAndSave(epoch, position);
        if (problem.isEmpty() && run.shouldStopEarly())
            break;
    }
    if (problem.isEmpty())
        problem = run.finish();
    return problem.isEmpty() ? result : failRun(result, problem, status, sink, group);
}

// Joins the ranks of a distributed run (nothing for one process); the run folder is rank 0's.
std::unique_ptr<ProcessGroup> joinRanks(const DistributedSetup &setup, TrainResult &result)
{
    if (!setup.active())
        return nullptr;
    std::unique_ptr<ProcessGroup> group = ProcessGroup::join(setup, &result.error);
    if (group)
        result.runDir =
            QString::fromStdString(group->fromRankZero("run_dir", result.runDir.toStdString()));
    return group;
}

TrainResult trainOrResume(const std::optional<TrainConfig> &config, const QString &runDir,
                          const TrainSink &given, const std::atomic<bool> *cancel,
                          const DistributedSetup &distributed,
                          std::optional<TrainingConfig::Precision> precision = std::nullopt)
{
    const TrainSink sink = given ? given : [](const TrainEvent &) {}; // nobody listening
    keepTensorMemoryForReuse();
    TrainResult result;
    result.runDir = QDir(runDir).absolutePath();
    RunStatusKeeper status(result.runDir);
    std::unique_ptr<ProcessGroup> group;
    try {
        group = joinRanks(distributed, result);
        if (distributed.active() && !group)
            return failRun(result, result.error, status, sink);
        status = RunStatusKeeper(result.runDir);
        return runTraining(config, result, sink, cancel, status, group.get(), precision);
    } catch (...) {
        // Out of memory, a LibTorch or OpenCV error, a lost rank: the run fails, the process
        // goes on.
        return failRun(result, describeFailure(std::current_exception()), status, sink,
                       group.get());
    }
}
} // namespace

TrainResult train(const TrainConfig &config, const QString &runDir, const TrainSink &sink,
                  const std::atomic<bool> *cancel, const DistributedSetup &distributed)
{
    return trainOrResume(config, runDir, sink, cancel, distributed);
}

TrainResult resume(const QString &runDir, const TrainSink &sink, const std::atomic<bool> *cancel,
                   const DistributedSetup &distributed,
                   std::optional<TrainingConfig::Precision> precision)
{
    return trainOrResume(std::nullopt, runDir, sink, cancel, distributed, precision);
}

} // namespace masklab::trainer
