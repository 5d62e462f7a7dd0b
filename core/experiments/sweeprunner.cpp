#include "sweeprunner.h"

#include "parallel.h"
#include "runrecord.h"
#include "successivehalving.h"
#include "textfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

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
        m_states.push_back(state);
    }
}

QString SweepRunner::sweepDir() const
{
    return m_workspace + QStringLiteral("/sweeps/") + m_spec.name;
}

QString SweepRunner::runDir(const SweepPoint &point) const
{
    return m_workspace + QStringLiteral("/runs/") + point.runName(m_spec.name);
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

// The epochs a point's run folder holds, and its best F1 in those up to upToEpoch (0: all).
void SweepRunner::readProgress(SweepPointState &state, int upToEpoch) const
{
    const QString dir = runDir(m_points[size_t(state.index - 1)]);
    const std::vector<EpochMetrics> history = readRunHistory(dir);
    state.epochsDone = history.empty() ? 0 : history.back().epoch;
    state.bestF1 = 0;
    for (const EpochMetrics &m : history)
        if (upToEpoch == 0 || m.epoch <= upToEpoch)
            state.bestF1 = std::max(state.bestF1, m.macroF1);
    const RunStatus status = readRunStatus(dir);
    if (status.state == RunStatus::State::Failed && state.state != SweepPointState::State::Failed) {
        state.state = SweepPointState::State::Failed;
        state.message = status.message;
    }
    if (status.state == RunStatus::State::Finished)
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
                       return s.values != m_states[size_t(s.index - 1)].values;
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
    for (const SweepPoint &point : m_points) {
        const std::optional<TrainConfig> trained = readRunConfig(runDir(point));
        if (!trained)
            continue;
        for (const QString &key : trainConfigKeys()) {
            if (resolvedByTheTrainer(key, point.config))
                continue;
            const QString was = trainConfigValue(*trained, key);
            const QString now = trainConfigValue(point.config, key);
            if (was != now) {
                *error = QStringLiteral("%1 was trained with %2 = %3, but point %4 of this sweep "
                                        "has %5; the sweep file changed since the sweep began: "
                                        "give it another name: (or move %6 and runs/%7-* away)")
                             .arg(runDir(point), key, was)
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

// Trains the points that have not reached `epoch` (nor finished or failed), m_parallel at once.
// False when cancelled.
bool SweepRunner::trainTo(const std::vector<int> &points, int epoch,
                          const std::atomic<bool> *cancel)
{
    std::vector<int> due;
    for (int index : points) {
        const SweepPointState &s = m_states[size_t(index - 1)];
        const int until = std::min(epoch, m_points[size_t(index - 1)].config.train.epochs);
        if (s.state != SweepPointState::State::Finished &&
            s.state != SweepPointState::State::Failed && s.epochsDone < until)
            due.push_back(index);
    }
    std::vector<SweepTrainer::Outcome> outcomes(due.size());
    std::atomic<bool> stopped{false}; // a point was cancelled: start no other
    const auto stop = [&] { return stopped.load() || (cancel && cancel->load()); };
    parallelFor(
        int64_t(due.size()), m_parallel,
        [&](int64_t i) {
            const SweepPoint &point = m_points[size_t(due[size_t(i)] - 1)];
            const int until = std::min(epoch, point.config.train.epochs);
            log(QStringLiteral("%1 (%2): training to epoch %3")
                    .arg(point.runName(m_spec.name), point.describe())
                    .arg(until));
            outcomes[size_t(i)] = m_trainer.advance(point, runDir(point), until);
            if (outcomes[size_t(i)].cancelled)
                stopped = true;
            if (outcomes[size_t(i)].ok) {
                SweepPointState reached = m_states[size_t(point.index - 1)];
                readProgress(reached);
                log(QStringLiteral("%1: epoch %2 done, best validation macro F1 %3")
                        .arg(reached.run)
                        .arg(reached.epochsDone)
                        .arg(reached.bestF1, 0, 'f', 4));
            }
        },
        stop);
    bool cancelled = stop();
    for (size_t i = 0; i < due.size(); ++i) {
        SweepPointState &s = m_states[size_t(due[i] - 1)];
        cancelled = cancelled || outcomes[i].cancelled;
        if (!outcomes[i].ok && !outcomes[i].cancelled && !outcomes[i].error.isEmpty()) {
            s.state = SweepPointState::State::Failed;
            s.message = outcomes[i].error;
            log(QStringLiteral("%1 failed: %2; the sweep goes on without it")
                    .arg(s.run, s.message));
        }
        readProgress(s);
    }
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
