#include "childtrainer.h"

#include "childprocess.h"
#include "queueentries.h"
#include "runrecord.h"
#include "textfile.h"

#include <QFileInfo>

namespace masklab::cli {

// A run folder with last.pt resumes; a new one trains the point's config.
QStringList ChildTrainer::trainArguments(const SweepPoint &point, const QString &runDir,
                                         int untilEpoch, QString *error) const
{
    const QString configPath = m_logDir + u'/' + QFileInfo(runDir).fileName() + ".yaml";
    if (!QFileInfo::exists(runDir + QStringLiteral("/last.pt")) &&
        !writeFileAtomically(configPath, trainConfigToYaml(point.config), error))
        return {};
    return trainChildArguments(configPath, runDir, untilEpoch, error).value_or(QStringList{});
}

SweepTrainer::Outcome ChildTrainer::advance(const SweepPoint &point, const QString &runDir,
                                            int untilEpoch)
{
    Outcome outcome;
    outcome.cancelled = m_cancel && m_cancel->load(); // asked to stop: start nothing
    if (outcome.cancelled)
        return outcome;
    const QStringList arguments = trainArguments(point, runDir, untilEpoch, &outcome.error);
    if (arguments.isEmpty())
        return outcome;
    const QString logPath = m_logDir + u'/' + QFileInfo(runDir).fileName() + ".log";
    const ChildEnd end = runCliChild(arguments, logPath, m_cancel);
    if (end.exitCode != 0 || end.crashed || !end.started) {
        outcome.cancelled = end.started && end.interrupted && !end.crashed;
        if (!outcome.cancelled)
            outcome.error = end.reason;
        return outcome;
    }
    const std::vector<EpochMetrics> history = readRunHistory(runDir);
    const int epochs = history.empty() ? 0 : history.back().epoch;
    outcome.ok = epochs >= untilEpoch || readRunStatus(runDir).state == RunStatus::State::Finished;
    outcome.cancelled = !outcome.ok;
    return outcome;
}

} // namespace masklab::cli
