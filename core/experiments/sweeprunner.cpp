#include "sweeprunner.h"

#include "parallel.h"
#include "runrecord.h"
#include "successivehalving.h"
#include "textfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

#include <cmath>

namespace masklab {

SweepRunner::SweepRunner(SweepSpec spec, std::vector<SweepPoint> points, QString workspace,
                         SweepTrainer &trainer)
    : m_spec(std::move(spec)), m_points(std::move(points)), m_workspace(std::move(workspace)),
      m_trainer(trainer)
{
    for (const SweepPoint &point : m_points) {
        SweepPointState state;
        state.index = point.index;
        state.run = point.runName(m_spec.name);
        state.values = point.describe();
        state.folds = point.folds;
        m_states.push_back(state);
    }
}

QString SweepRunner::sweepDir() const
{
    return m_workspace + QStringLiteral("/sweeps/") + m_spec.name;
}

QString SweepRunner::runDir(const SweepPoint &point, int fold) const
{
    return m_workspace + QStringLiteral("/runs/") + point.runName(m_spec.name, fold);
}

void SweepRunner::log(const QString &line) const
{
    const std::lock_guard<std::mutex> lock(m_logMutex); // points train on several threads
    if (m_log)
        m_log(line);
}

int SweepRunner::bestPoint() const
{
    int best = 0;
    for (const SweepPointState &s : m_states)
        if (s.state == SweepPointState::State::Finished &&
            (best == 0 || s.bestF1 > m_states[size_t(best - 1)].bestF1))
            best = s.index;
    return best;
}

namespace {

// What one run folder holds: its epochs, its best F1 in those up to upToEpoch (0: all), status.
struct RunProgress
{
    int epochs = 0;
    double bestF1 = 0;
    RunStatus status;
};

RunProgress readRunProgress(const QString &dir, int upToEpoch)
{
    RunProgress p;
    const std::vector<EpochMetrics> history = readRunHistory(dir);
    p.epochs = history.empty() ? 0 : history.back().epoch;
    for (const EpochMetrics &m : history)
        if (upToEpoch == 0 || m.epoch <= upToEpoch)
            p.bestF1 = std::max(p.bestF1, m.macroF1);
    p.status = readRunStatus(dir);
    return p;
}

double sampleStd(const std::vector<double> &values, double mean)
{
    double sum = 0;
    for (double v : values)
        sum += (v - mean) * (v - mean);
    return values.size() < 2 ? 0.0 : std::sqrt(sum / double(values.size() - 1));
}

} // namespace

// Where a point's run folders got: the epochs all of them hold, the mean of their best F1 in
// those up to upToEpoch (0: all), failed when one failed, finished when all finished.
void SweepRunner::readProgress(SweepPointState &state, int upToEpoch) const
{
    const SweepPoint &point = m_points[size_t(state.index - 1)];
    bool allFinished = true;
    int fewest = -1, most = 0; // epochs: of the folds still going; of any
    state.foldF1.clear();
    for (int fold = 0; fold < point.runCount(); ++fold) {
        const RunProgress run = readRunProgress(runDir(point, fold), upToEpoch);
        const bool finished = run.status.state == RunStatus::State::Finished;
        // A fold that ended early (its own early stopping) has reached every rung.
        if (!finished)
            fewest = fewest < 0 ? run.epochs : std::min(fewest, run.epochs);
        most = std::max(most, run.epochs);
        state.foldF1.push_back(run.bestF1);
        allFinished = allFinished && finished;
        if (run.status.state == RunStatus::State::Failed &&
            state.state != SweepPointState::State::Failed) {
            state.state = SweepPointState::State::Failed;
            state.message =
                point.folds >= 2
                    ? QStringLiteral("fold %1: %2").arg(fold + 1).arg(run.status.message)
                    : run.status.message;
        }
    }
    state.epochsDone = fewest >= 0 ? fewest : most;
    state.bestF1 = 0;
    for (double f1 : state.foldF1)
        state.bestF1 += f1 / double(state.foldF1.size());
    state.f1Std = sampleStd(state.foldF1, state.bestF1);
    if (point.folds < 2)
        state.foldF1.clear();
    if (allFinished)
        state.state = SweepPointState::State::Finished;
    if (state.state == SweepPointState::State::Pending && state.epochsDone > 0)
        state.state = SweepPointState::State::Going;
}

// The sweep folder and its state: a sweep of this name begun with other points is refused; a
// damaged state.json is set aside. Where each point got is read from its run folder.
bool SweepRunner::begin(QString *error)
{
    if (!QDir().mkpath(sweepDir())) {
        *error = QStringLiteral("%1: cannot create the sweep's folder").arg(sweepDir());
        return false;
    }
    QString problem;
    if (QFile::exists(sweepDir() + QStringLiteral("/state.json"))) {
        const auto earlier = readSweepState(sweepDir(), &problem);
        if (!earlier) {
            const QString aside = sweepDir() + QStringLiteral("/state.json.damaged-") +
                                  QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
            QFile::rename(sweepDir() + QStringLiteral("/state.json"), aside);
            log(QStringLiteral("warning: %1; set aside as %2, the run folders say where each "
                               "point is")
                    .arg(problem, aside));
        } else if (earlier->size() != m_states.size() ||
                   std::any_of(earlier->begin(), earlier->end(), [&](const SweepPointState &s) {
                       const SweepPointState &now = m_states[size_t(s.index - 1)];
                       return s.values != now.values || s.folds != now.folds;
                   })) {
            *error = QStringLiteral("the sweep \"%1\" in %2 was begun with other points; give this "
                                    "one another name: (or move that folder and its runs, "
                                    "runs/%1-*, away to start over)")
                         .arg(m_spec.name, sweepDir());
            return false;
        } else {
            // A run that failed (or crashed, leaving status.json "running") stays failed.
            for (const SweepPointState &s : *earlier)
                if (s.state == SweepPointState::State::Failed)
                    m_states[size_t(s.index - 1)] = s;
        }
    }
    if (!checkRunConfigs(error))
        return false;
    for (SweepPointState &s : m_states)
        readProgress(s);
    return save(error);
}

namespace {

// Keys a run's config.yaml may hold otherwise than the point asked: the compute threads
// (--parallel shares the cores out), and what the trainer resolves and records (the workspace's
// age groups for null, the dataset's mean and std for normalize: dataset).
bool resolvedByTheTrainer(const QString &key, const TrainConfig &point)
{
    if (key == QLatin1String("train.threads"))
        return true;
    if (key == QLatin1String("data.age_middle_from") || key == QLatin1String("data.age_old_from"))
        return QStringList{"~", "null", ""}.contains(trainConfigValue(point, key));
    if (key == QLatin1String("data.mean") || key == QLatin1String("data.std"))
        return point.data.normalize == DataConfig::Normalize::Dataset;
    return false;
}

} // namespace

// A point's run folder that exists must hold that point's config: otherwise the sweep's file
// changed (set:, base:, preset:) since it began, and going on would mix two sweeps. Only the
// compute threads may differ (--parallel shares the cores out).
bool SweepRunner::checkRunConfigs(QString *error) const
{
    for (const SweepPoint &point : m_points)
        for (int fold = 0; fold < point.runCount(); ++fold) {
            const std::optional<TrainConfig> trained = readRunConfig(runDir(point, fold));
            if (!trained)
                continue;
            const TrainConfig asked = point.foldConfig(fold);
            for (const QString &key : trainConfigKeys()) {
                if (resolvedByTheTrainer(key, asked))
                    continue;
                const QString was = trainConfigValue(*trained, key);
                const QString now = trainConfigValue(asked, key);
                if (was != now) {
                    *error = QStringLiteral("%1 was trained with %2 = %3, but point %4 of this "
                                            "sweep has %5; the sweep file changed since the sweep "
                                            "began: give it another name: (or move %6 and "
                                            "runs/%7-* away)")
                                 .arg(runDir(point, fold), key, was)
                                 .arg(point.index)
                                 .arg(now, sweepDir(), m_spec.name);
                    return false;
                }
            }
        }
    return true;
}

bool SweepRunner::save(QString *error) const
{
    return writeFileAtomically(sweepDir() + QStringLiteral("/state.json"),
                               sweepStateJson(m_spec.name, m_states), error);
}

// The runs of these points that have not reached `epoch` (nor finished), the points that have
// not finished or failed.
std::vector<SweepRunner::Leg> SweepRunner::legsDue(const std::vector<int> &points, int epoch) const
{
    std::vector<Leg> due;
    for (int index : points) {
        const SweepPointState &s = m_states[size_t(index - 1)];
        if (s.state == SweepPointState::State::Finished ||
            s.state == SweepPointState::State::Failed)
            continue;
        const SweepPoint &point = m_points[size_t(index - 1)];
        const int until = std::min(epoch, point.config.train.epochs);
        for (int fold = 0; fold < point.runCount(); ++fold) {
            const RunProgress run = readRunProgress(runDir(point, fold), 0);
            if (run.status.state != RunStatus::State::Finished && run.epochs < until)
                due.push_back({index, fold});
        }
    }
    return due;
}

// Trains the runs due to reach `epoch`, m_parallel at once. False when cancelled.
bool SweepRunner::trainTo(const std::vector<int> &points, int epoch,
                          const std::atomic<bool> *cancel)
{
    const std::vector<Leg> due = legsDue(points, epoch);
    std::vector<SweepTrainer::Outcome> outcomes(due.size());
    std::atomic<bool> stopped{false}; // a run was cancelled: start no other
    const auto stop = [&] { return stopped.load() || (cancel && cancel->load()); };
    std::mutex failedMutex;
    std::vector<int> failed; // points a fold of which failed: their other folds are not trained
    parallelFor(
        int64_t(due.size()), m_parallel,
        [&](int64_t i) {
            const SweepPoint &point = m_points[size_t(due[size_t(i)].point - 1)];
            const int fold = due[size_t(i)].fold;
            {
                const std::lock_guard<std::mutex> lock(failedMutex);
                if (std::find(failed.begin(), failed.end(), point.index) != failed.end())
                    return;
            }
            SweepPoint leg = point;
            leg.config = point.foldConfig(fold);
            const QString name = point.runName(m_spec.name, fold);
            const int until = std::min(epoch, point.config.train.epochs);
            log(QStringLiteral("%1 (%2): training to epoch %3")
                    .arg(name, point.describe())
                    .arg(until));
            outcomes[size_t(i)] = m_trainer.advance(leg, runDir(point, fold), until);
            if (outcomes[size_t(i)].cancelled)
                stopped = true;
            else if (!outcomes[size_t(i)].ok) {
                const std::lock_guard<std::mutex> lock(failedMutex);
                failed.push_back(point.index);
            }
            if (outcomes[size_t(i)].ok) {
                const RunProgress reached = readRunProgress(runDir(point, fold), 0);
                log(QStringLiteral("%1: epoch %2 done, best validation macro F1 %3")
                        .arg(name)
                        .arg(reached.epochs)
                        .arg(reached.bestF1, 0, 'f', 4));
            }
        },
        stop);
    bool cancelled = stop();
    for (size_t i = 0; i < due.size(); ++i) {
        SweepPointState &s = m_states[size_t(due[i].point - 1)];
        cancelled = cancelled || outcomes[i].cancelled;
        if (!outcomes[i].ok && !outcomes[i].cancelled && !outcomes[i].error.isEmpty() &&
            s.state != SweepPointState::State::Failed) {
            s.state = SweepPointState::State::Failed;
            s.message =
                s.folds >= 2
                    ? QStringLiteral("fold %1: %2").arg(due[i].fold + 1).arg(outcomes[i].error)
                    : outcomes[i].error;
            log(QStringLiteral("%1 failed: %2; the sweep goes on without it")
                    .arg(s.run, s.message));
        }
    }
    for (int index : points)
        readProgress(m_states[size_t(index - 1)]);
    return !cancelled;
}

// Ranks the points still going by their best F1 up to the rung; the rule's share goes on.
std::vector<int> SweepRunner::applyRung(const std::vector<int> &alive, int rung)
{
    std::vector<RungStanding> standings;
    for (int index : alive) {
        // Whatever happened after the rung (a failure later on), a point that reached it is
        // ranked: a resumed sweep decides as the first session did.
        SweepPointState atRung = m_states[size_t(index - 1)];
        readProgress(atRung, rung);
        if (atRung.epochsDone >= rung || atRung.state == SweepPointState::State::Finished)
            standings.push_back({index, atRung.bestF1});
    }
    const std::vector<int> kept = pointsKeptAtRung(standings, m_spec.earlyStop.keep);
    QStringList names;
    for (const RungStanding &standing : standings) {
        SweepPointState &s = m_states[size_t(standing.point - 1)];
        if (std::find(kept.begin(), kept.end(), standing.point) != kept.end()) {
            names << s.run;
        } else if (s.state != SweepPointState::State::Finished &&
                   s.state != SweepPointState::State::Failed) {
            s.state = SweepPointState::State::StoppedBySweep;
            s.stoppedAtRung = rung;
        }
    }
    log(QStringLiteral("rung at epoch %1: %2 of %3 go on (%4)")
            .arg(rung)
            .arg(kept.size())
            .arg(standings.size())
            .arg(names.join(QStringLiteral(", "))));
    return kept;
}

bool SweepRunner::run(const std::atomic<bool> *cancel, QString *error)
{
    if (!begin(error))
        return false;
    // Every rung decides again from the run folders' metrics: on a resumed sweep the same
    // points go on, and the runs that reached a rung are not trained again.
    std::vector<int> alive;
    for (const SweepPointState &s : m_states)
        alive.push_back(s.index);
    int last = 0;
    for (const SweepPoint &point : m_points)
        last = std::max(last, point.config.train.epochs);
    std::vector<int> stretches = m_spec.earlyStop.rungs;
    stretches.push_back(last);
    for (size_t i = 0; i < stretches.size(); ++i) {
        const bool trained = trainTo(alive, stretches[i], cancel);
        if (!save(error) || !trained)
            return false;
        if (i + 1 < stretches.size()) {
            alive = applyRung(alive, stretches[i]);
            if (!save(error))
                return false;
        }
    }
    return true;
}

} // namespace masklab
