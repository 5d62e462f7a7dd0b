#pragma once
// The sweep's trainer on the command line: each stretch of a point's run is one
// `masklab-cli train` child process (--until-epoch), its output appended to a log in the sweep's
// folder. A run that crashes or fails takes only its own process down, and Ctrl+C or the sweep's
// cancel stops the child after its current batch, as for any run.

#include "sweeprunner.h"

namespace masklab::cli {

class ChildTrainer : public SweepTrainer
{
public:
    // logDir: where <run>.log and <run>.yaml (the point's config) go; cancel: the sweep's flag.
    ChildTrainer(QString logDir, const std::atomic<bool> *cancel)
        : m_logDir(std::move(logDir)), m_cancel(cancel)
    {
    }
    Outcome advance(const SweepPoint &point, const QString &runDir, int untilEpoch) override;

private:
    QStringList trainArguments(const SweepPoint &point, const QString &runDir, int untilEpoch,
                               QString *error) const;

    QString m_logDir;
    const std::atomic<bool> *m_cancel;
};

} // namespace masklab::cli
