// The error finder's job: K folds trained (or reused, or resumed) through train(), their
// validation probabilities gathered into the out-of-fold table, then scored. Torch-free: the
// folds train through trainer.h like any run.

#include "errorfinder.h"

#include "failure.h"
#include "finderfolds.h"
#include "textfile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>

#include <algorithm>
#include <mutex>

namespace masklab::trainer {

using finder::FinderRun;

double finderShareDone(const FinderEvent &e)
{
    if (e.foldsToTrain <= 0)
        return 1;
    const double inFold =
        e.train.epochs > 0
            ? epochPosition(e.train.epoch, e.train.batch, e.train.batches) / e.train.epochs
            : 0;
    return std::clamp((e.foldsTrained + inFold) / e.foldsToTrain, 0.0, 1.0);
}

namespace {

// Training images per second for the plan: the pace of an earlier run of the same model in the
// workspace, or else a few batches timed now (kept for the process, per config).
std::optional<Pace> paceFor(const FinderFolds &job)
{
    const TrainConfig &config = job.options().config;
    if (auto earlier = earlierPace(job.effective().workspaceDir, config)) {
        earlier->source = QDir(job.effective().workspaceDir).relativeFilePath(earlier->source);
        return earlier;
    }
    static std::mutex mutex;
    static QHash<QString, double> timed;
    const QString key = finder::FinderRun::configHash(config, 0) + job.effective().datasetRoot;
    std::lock_guard<std::mutex> lock(mutex);
    if (!timed.contains(key)) {
        constexpr int kTimedBatches = 4;
        QString ignored; // no pace: the plan just has no time
        TrainConfig timing = job.foldConfig(0);
        timing.split.foldsFile.clear(); // not written yet; drawn folds time the same
        if (const auto measured = measureTrainingPace(timing, kTimedBatches, &ignored))
            timed.insert(key, *measured);
    }
    if (!timed.contains(key))
        return std::nullopt;
    return Pace{timed.value(key), 0, QStringLiteral("4 batches timed now")};
}

} // namespace

FinderPlan planErrorFinder(const FinderOptions &options)
{
    FinderPlan plan;
    FinderFolds job(options);
    if (!job.prepare(&plan.error))
        return plan;
    plan.dir = job.run().dir();
    plan.folds = options.folds;
    plan.photos = job.photos();
    double epochs = 0;
    for (int fold = 0; fold < options.folds; ++fold) {
        const FoldState state = job.stateOf(fold);
        if (state == FoldState::Done) {
            ++plan.foldsReusable;
            continue;
        }
        ++plan.foldsToTrain;
        epochs += std::max(0, options.config.train.epochs -
                                  (state == FoldState::Resume ? job.epochsDone(fold) : 0));
    }
    if (plan.foldsToTrain > 0) {
        if (const std::optional<Pace> pace = paceFor(job)) {
            // Training photos at that pace; validating a photo costs about a third as much
            // (a forward pass only).
            const double perEpoch =
                plan.photos * ((options.folds - 1.0) / options.folds + 1.0 / (3.0 * options.folds));
            plan.seconds = epochs * perEpoch / std::max(1e-9, pace->imagesPerSecond);
            plan.paceSource = pace->source;
        }
    }
    plan.ok = true;
    return plan;
}

namespace {

// Tells the sink, with the fold counters every event carries.
struct Reporter
{
    const FinderSink &sink;
    int folds = 0;
    int foldsToTrain = 0;
    int foldsTrained = 0;

    FinderEvent event(FinderEvent::Kind kind, int fold) const
    {
        FinderEvent e;
        e.kind = kind;
        e.fold = fold;
        e.folds = folds;
        e.foldsToTrain = foldsToTrain;
        e.foldsTrained = foldsTrained;
        return e;
    }
    void tell(FinderEvent::Kind kind, int fold, const QString &message = {}) const
    {
        FinderEvent e = event(kind, fold);
        e.message = message;
        sink(e);
    }
};

bool searchDuplicates(const FinderFolds &job, const Reporter &report,
                      const std::atomic<bool> *cancel, FinderOutcome &outcome)
{
    ProgressSink progress;
    progress.cancel = cancel;
    progress.report = [&report](const QString &phase, qint64 done, qint64 total) {
        FinderEvent e = report.event(FinderEvent::Kind::Phase, 0);
        e.message = phase;
        e.done = done;
        e.total = total;
        report.sink(e);
    };
    const QString workspace = job.effective().workspaceDir;
    const finder::DuplicateResult found = finder::findDuplicates(
        job.effective().labels, workspace + QStringLiteral("/finder/image_hashes.csv"),
        job.options().duplicateOptions, progress);
    if (!found.ok) {
        outcome.cancelled = progress.cancelled();
        outcome.error = found.error;
        return false;
    }
    outcome.undecodable = found.undecodable;
    outcome.duplicateImages = found.images;
    return writeTextFile(finder::duplicatesFile(workspace), finder::suspectsCsv(found.suspects),
                         &outcome.error);
}

// Trains one fold (fresh or resumed) into its folder; false when it failed or was stopped.
bool trainFold(const FinderFolds &job, int fold, FoldState state, Reporter &report,
               const std::atomic<bool> *cancel, FinderOutcome &outcome)
{
    const QString dir = job.run().foldDir(fold);
    if (state == FoldState::Stale && !QDir(dir).removeRecursively()) {
        outcome.error = QStringLiteral("cannot remove the outdated fold %1").arg(dir);
        return false;
    }
    const bool resume = state == FoldState::Resume;
    if (!resume &&
        (!QDir().mkpath(dir) || !writeTextFile(dir + u'/' + QLatin1String(kFingerprintFile),
                                               job.fingerprint(fold), &outcome.error)))
        return false;
    report.tell(FinderEvent::Kind::FoldStarted, fold + 1,
                resume ? QStringLiteral("resuming") : QString());
    const auto forward = [&report, fold](const TrainEvent &t) {
        FinderEvent e = report.event(FinderEvent::Kind::Training, fold + 1);
        e.train = t;
        report.sink(e);
    };
    QElapsedTimer timer;
    timer.start();
    const TrainResult result = resume ? trainer::resume(dir, forward, cancel)
                                      : train(job.foldConfig(fold), dir, forward, cancel);
    outcome.seconds += timer.elapsed() / 1000.0;
    if (!result.ok) {
        outcome.error = QStringLiteral("fold %1: %2").arg(fold + 1).arg(result.error);
        return false;
    }
    if (result.cancelled) {
        outcome.cancelled = true;
        return false;
    }
    ++report.foldsTrained;
    ++outcome.trainedFolds;
    return true;
}

// The out-of-fold table, the run's summary and the ranked suspects, written into the run.
bool assemble(const FinderFolds &job, FinderOutcome &outcome)
{
    std::vector<finder::PhotoPrediction> rows;
    for (int fold = 0; fold < job.options().folds; ++fold)
        if (!job.readPredictions(fold, rows, outcome.skipped, &outcome.error))
            return false;
    const FinderRun &run = job.run();
    finder::FinderRunInfo info;
    info.folds = job.options().folds;
    info.config = FinderRun::configHash(job.options().config, info.folds);
    info.finished = QDateTime::currentDateTimeUtc();
    info.seconds = outcome.seconds;
    info.reusedFolds = outcome.reusedFolds;
    info.labels = finder::personLabelSignatures(job.effective().labels);
    info.skipped = outcome.skipped;
    if (!writeTextFile(run.outOfFoldFile(), finder::outOfFoldCsv(rows), &outcome.error) ||
        !run.writeInfo(info, &outcome.error))
        return false;
    // The list of an earlier call: scored anew below.
    QFile::remove(run.suspectsJsonFile());
    QFile::remove(run.estimateFile());
    const auto results =
        finder::loadFinderResults(run, job.effective().workspaceDir, job.effective().labels,
                                  job.effective().thresholds, &outcome.error);
    if (!results)
        return false;
    outcome.results = *results;
    return writeTextFile(run.suspectsCsvFile(), finder::suspectsCsv(results->suspects),
                         &outcome.error) &&
           writeTextFile(run.suspectsJsonFile(),
                         QString::fromUtf8(finder::suspectsJson(results->suspects)),
                         &outcome.error) &&
           writeTextFile(run.estimateFile(),
                         QString::fromUtf8(finder::errorEstimateJson(results->estimate)),
                         &outcome.error);
}

// The job's steps; outcome says how far it got (ok only when all are done).
void runFinder(const FinderOptions &options, Reporter &report, const std::atomic<bool> *cancel,
               FinderOutcome &outcome)
{
    FinderFolds job(options);
    if (!job.prepare(&outcome.error))
        return;
    outcome.dir = job.run().dir();
    if (options.duplicates && !searchDuplicates(job, report, cancel, outcome))
        return;
    if (!job.writeFoldsFile(&outcome.error))
        return;
    std::vector<FoldState> states;
    for (int fold = 0; fold < options.folds; ++fold) {
        states.push_back(job.stateOf(fold));
        report.foldsToTrain += states.back() == FoldState::Done ? 0 : 1;
    }
    for (int fold = 0; fold < options.folds; ++fold) {
        if (states[size_t(fold)] == FoldState::Done) {
            ++outcome.reusedFolds;
            report.tell(FinderEvent::Kind::FoldReused, fold + 1);
        } else if (!trainFold(job, fold, states[size_t(fold)], report, cancel, outcome)) {
            return;
        }
    }
    outcome.ok = assemble(job, outcome);
}

} // namespace

FinderOutcome findErrors(const FinderOptions &options, const FinderSink &sink,
                         const std::atomic<bool> *cancel)
{
    FinderOutcome outcome;
    Reporter report{sink, options.folds};
    try {
        runFinder(options, report, cancel, outcome);
    } catch (...) { // out of memory, a LibTorch error: the job fails, the process lives
        outcome.ok = false;
        outcome.error = describeFailure(std::current_exception());
    }
    if (!outcome.ok && !outcome.cancelled)
        report.tell(FinderEvent::Kind::Failed, 0, outcome.error);
    else
        report.tell(FinderEvent::Kind::Finished, 0,
                    outcome.cancelled ? QStringLiteral("stopped") : QStringLiteral("done"));
    return outcome;
}

} // namespace masklab::trainer
