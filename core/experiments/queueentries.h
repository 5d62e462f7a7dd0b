#pragma once
// The entries a user queues, built the same way by the app and masklab-cli: each checks what it
// can before anything is queued (a config's rules between keys, a sweep file's keys and values)
// and says how long it should take at the pace of an earlier run of the same model in the
// workspace (runpace.h); an entry without such a run says nothing rather than guess.

#include "jobqueue.h"
#include "trainconfig.h"

#include <optional>

namespace masklab {

// A training run of `config`, kept as <queue>/entry-<id>.yaml (id: the queue's next) that the
// queue trains into <workspace>/runs/<train.run_name, or q<id>-<time>>; refused when that run
// folder exists or another entry of `queue` trains into it.
std::optional<QueueEntry> trainQueueEntry(const QString &workspace, TrainConfig config,
                                          const JobQueue &queue, QString *error);
// A sweep file (read when the entry starts, so its base: config may change until then).
std::optional<QueueEntry> sweepQueueEntry(const QString &workspace, const QString &sweepFile,
                                          QString *error);
// The error finder with `config`, or, with no config, the config of the best run the queue
// trained before it ({best-config}).
std::optional<QueueEntry> finderQueueEntry(const QString &workspace,
                                           const std::optional<TrainConfig> &config, int folds,
                                           const JobQueue &queue, QString *error);
// A submission from `runs` (several: an ensemble), or, with none, from the queue's `bestOf` best
// runs ({best-runs:N}).
QueueEntry predictQueueEntry(const QStringList &runs, int bestOf, const QString &evalDir,
                             const QString &out, bool flipTta);

// A waiting entry's expected time again: runs that ended since it was queued may give the pace
// it lacked, and {best-config} now names a run. runsByF1: queueRunsByF1's.
void refreshExpectation(QueueEntry &entry, const QString &workspace, const QStringList &runsByF1);

// The value after `option` in an entry's arguments ("--config" -> its file), empty when the
// option is not there.
QString queueOptionValue(const QStringList &arguments, const QString &option);

// The config file an entry with that id keeps in the queue's folder.
QString queueConfigPath(const QString &workspace, int id);

// Train entries: a run folder with a checkpoint is resumed; one that holds no checkpoint (killed
// before its first epoch ended) is set aside, since the trainer will not write into another
// run's folder. untilEpoch > 0 adds --until-epoch. Nothing, error set, when it cannot be set aside.
std::optional<QStringList> trainChildArguments(const QString &configPath, const QString &runDir,
                                               int untilEpoch, QString *error);

} // namespace masklab
