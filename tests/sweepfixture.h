#pragma once
// A sweep trainer that trains nothing: it writes the run files a real run would leave, for the
// sweep runner's tests.

#include "runrecord.h"
#include "sweeprunner.h"
#include "testsupport.h"

#include <QDir>

#include <map>
#include <mutex>

namespace masklab::test {

// Writes what a run of `point` would have after `untilEpoch` epochs: macro F1 epoch * quality of
// the point (its lr), a status. Fails the points listed in failing; stops (cancel) on call
// number stopOnCall; raises its flag after call raiseOnCall.
class FakeTrainer : public SweepTrainer
{
public:
    std::map<int, double> quality;                     // point -> F1 per epoch
    std::map<std::pair<int, int>, double> foldQuality; // (point, fold): instead of quality
    std::map<std::pair<int, int>, int> endsEarly;      // (point, fold): its own early stop's epoch
    std::map<int, int> failing; // point -> the stretch (until epoch) its run fails in
    int stopOnCall = 0;         // 1-based; 0: never
    int raiseOnCall = 0;        // 1-based: sets `flag` after that call, as Ctrl+C would meanwhile
    std::atomic<bool> flag{false};
    std::vector<std::pair<int, int>> calls; // point, until epoch
    std::vector<int> folds;                 // each call's split.fold
    std::mutex mutex;

    Outcome advance(const SweepPoint &point, const QString &runDir, int untilEpoch) override
    {
        {
            const std::lock_guard<std::mutex> lock(mutex);
            calls.emplace_back(point.index, untilEpoch);
            folds.push_back(point.config.split.fold);
            if (stopOnCall > 0 && int(calls.size()) == stopOnCall)
                return {false, true, {}};
        }
        QDir().mkpath(runDir);
        RunStatus status;
        QString error;
        writeFile(runDir + "/config.yaml", trainConfigToYaml(point.config));
        if (raiseOnCall > 0 && int(calls.size()) == raiseOnCall)
            flag = true;
        if (failing.count(point.index) && failing[point.index] == untilEpoch) {
            status.state = RunStatus::State::Failed;
            status.message = QStringLiteral("injected");
            writeRunStatus(runDir, status, &error);
            return {false, false, QStringLiteral("injected")};
        }
        const std::vector<EpochMetrics> done = readRunHistory(runDir);
        QByteArray lines = readFile(runDir + "/metrics.jsonl");
        const auto early = endsEarly.find({point.index, point.config.split.fold});
        const int last =
            early != endsEarly.end() ? std::min(untilEpoch, early->second) : untilEpoch;
        for (int e = done.empty() ? 1 : done.back().epoch + 1; e <= last; ++e) {
            EpochMetrics m;
            m.epoch = e;
            const auto fold = foldQuality.find({point.index, point.config.split.fold});
            m.macroF1 = std::min(
                0.99, (fold != foldQuality.end() ? fold->second : quality[point.index]) * e);
            lines += epochMetricsJson(m) + '\n';
        }
        writeFile(runDir + "/metrics.jsonl", lines);
        status.state = untilEpoch >= point.config.train.epochs || last < untilEpoch
                           ? RunStatus::State::Finished
                           : RunStatus::State::Stopped;
        writeRunStatus(runDir, status, &error);
        return {true, false, {}};
    }
};

} // namespace masklab::test
