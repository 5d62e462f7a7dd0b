#pragma once
// Runs a sweep's points to the end, applying its early-stopping rule rung by rung. Each point is
// a run folder <workspace>/runs/<sweep>-NNN; what a point has done is read back from that folder
// (metrics.jsonl, status.json), so a sweep stopped by Ctrl+C or a crash goes on where it was:
// With folds: K a point is K run folders <sweep>-NNN-fold1..K, trained alike and scored by the
// mean of their best F1s; a rung ranks points by that mean once all their folds reached it.
// nothing finished is trained again, a stopped run continues from its last.pt, and the rule
// decides the same again from the same metrics. <workspace>/sweeps/<sweep>/state.json records
// each point's state for lists and comparisons.

#include "sweepplan.h"

#include <atomic>
#include <functional>
#include <mutex>

namespace masklab {

// Brings one point's run to `untilEpoch` epochs done: a new run into runDir, or the one there
// resumed. untilEpoch is the point's train.epochs for its last stretch. The CLI's trains in a
// child process; tests fake one.
class SweepTrainer
{
public:
    struct Outcome
    {
        bool ok = false;
        bool cancelled = false; // stopped by the user (Ctrl+C): the sweep stops too
        QString error;          // !ok and !cancelled: why the run failed
    };
    virtual ~SweepTrainer() = default;
    virtual Outcome advance(const SweepPoint &point, const QString &runDir, int untilEpoch) = 0;
};

struct SweepPointState
{
    enum class State
    {
        Pending,
        Going, // trained to a rung, going on
        Finished,
        StoppedBySweep,
        Failed
    };
    int index = 0;
    QString run; // the run folder's name; with folds the point's, its folds' are runFolders()
    QString values;
    State state = State::Pending;
    int epochsDone = 0;    // with folds: the fewest of any fold
    double bestF1 = 0;     // with folds: the mean of the folds' best
    int stoppedAtRung = 0; // StoppedBySweep: the rung's epoch
    QString message;       // Failed: why
    int folds = 0;
    std::vector<double> foldF1; // with folds: each fold's best validation macro F1
    double f1Std = 0;           // with folds: the sample standard deviation of foldF1

    QStringList runFolders() const; // run, or run-fold1 .. run-foldK
};

QString sweepStateName(SweepPointState::State state); // "finished", "stopped by the sweep", ...
// The state for each of a point's runs in a table: the state's name, and with folds the point's
// cross-validated score once every fold has an epoch: "finished; point 0.712 ± 0.013 over 3
// folds".
QString sweepPointStatus(const SweepPointState &point);
// A point's F1 as a sweep's summary says it: "0.7120", or "0.7120 ± 0.0130 (3 folds)".
QString sweepPointF1(const SweepPointState &point);

class SweepRunner
{
public:
    SweepRunner(SweepSpec spec, std::vector<SweepPoint> points, QString workspace,
                SweepTrainer &trainer);
    void setParallel(int runs) { m_parallel = std::max(1, runs); }
    void setLog(std::function<void(const QString &)> log) { m_log = std::move(log); }
    QString sweepDir() const;
    QString runDir(const SweepPoint &point, int fold = 0) const;
    // False when cancelled or when the sweep cannot go on (error says why: a workspace that
    // cannot be written, a sweep of that name begun with other points). Failed runs are not
    // errors: they are recorded and the others go on.
    bool run(const std::atomic<bool> *cancel, QString *error);
    const std::vector<SweepPointState> &states() const { return m_states; }
    int bestPoint() const; // the index of the finished point with the best F1; 0 when none

private:
    bool begin(QString *error);
    bool checkRunConfigs(QString *error) const;
    struct Leg // one run of a point: the point's own, or one of its folds
    {
        int point = 0;
        int fold = 0;
    };
    std::vector<Leg> legsDue(const std::vector<int> &points, int epoch) const;
    bool trainTo(const std::vector<int> &points, int epoch, const std::atomic<bool> *cancel);
    void readProgress(SweepPointState &state, int upToEpoch = 0) const;
    std::vector<int> applyRung(const std::vector<int> &alive, int rung);
    bool save(QString *error) const;
    void log(const QString &line) const;

    SweepSpec m_spec;
    std::vector<SweepPoint> m_points;
    QString m_workspace;
    SweepTrainer &m_trainer;
    int m_parallel = 1;
    std::function<void(const QString &)> m_log; // called one line at a time
    mutable std::mutex m_logMutex;
    std::vector<SweepPointState> m_states;
};

QByteArray sweepStateJson(const QString &sweep, const std::vector<SweepPointState> &states);
// state.json of a sweep folder; nothing when it is missing or damaged (error says which).
std::optional<std::vector<SweepPointState>> readSweepState(const QString &sweepDir, QString *error);

} // namespace masklab
