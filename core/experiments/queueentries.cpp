#include "queueentries.h"

#include "runpace.h"
#include "runrecord.h"
#include "sweepplan.h"
#include "textfile.h"
#include "workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace masklab {

namespace {

void expectEpochs(QueueEntry &entry, const QString &workspace, const TrainConfig &config,
                  double epochs)
{
    if (const std::optional<Pace> pace = earlierPace(workspace, config)) {
        entry.expectedSeconds = epochs * pace->epochSeconds;
        entry.expectedSource = QFileInfo(pace->source).fileName();
    }
}

std::optional<TrainConfig> readConfigFile(const QString &path)
{
    QFile file(path);
    QString ignored;
    return file.open(QIODevice::ReadOnly) ? parseTrainConfig(file.readAll(), path, &ignored)
                                          : std::nullopt;
}

bool writeConfigCopy(const QString &path, TrainConfig config, QString *error)
{
    // The queue runs later, from another folder: paths must not depend on where it started.
    if (!config.data.dataset.isEmpty())
        config.data.dataset = QDir(config.data.dataset).absolutePath();
    if (!config.data.workspace.isEmpty())
        config.data.workspace = QDir(config.data.workspace).absolutePath();
    if (!config.split.foldsFile.isEmpty())
        config.split.foldsFile = QDir(config.split.foldsFile).absolutePath();
    if (!config.model.pretrained.isEmpty() && config.model.pretrained != QLatin1String("imagenet"))
        config.model.pretrained = QDir(config.model.pretrained).absolutePath();
    return QDir().mkpath(QFileInfo(path).path()) &&
           writeFileAtomically(path, trainConfigToYaml(config), error);
}

} // namespace

QString queueOptionValue(const QStringList &arguments, const QString &option)
{
    const qsizetype at = arguments.indexOf(option);
    return at >= 0 ? arguments.value(at + 1) : QString();
}

QString queueConfigPath(const QString &workspace, int id)
{
    return JobQueue::dirIn(workspace) + QStringLiteral("/entry-%1.yaml").arg(id);
}

std::optional<QueueEntry> trainQueueEntry(const QString &workspace, TrainConfig config,
                                          const JobQueue &queue, QString *error)
{
    const int id = queue.nextId;
    if (const QString problem = checkTrainConfig(config); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    QueueEntry entry;
    entry.kind = QueueEntry::Kind::Train;
    if (config.train.runName.isEmpty())
        config.train.runName = QStringLiteral("q%1-%2").arg(id).arg(
            QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")));
    entry.outputDir = workspace + QStringLiteral("/runs/") + config.train.runName;
    const bool queued = std::any_of(queue.entries.begin(), queue.entries.end(), [&](auto &e) {
        return e.kind == QueueEntry::Kind::Train && e.outputDir == entry.outputDir;
    });
    if (queued || QFileInfo::exists(entry.outputDir)) {
        *error = QStringLiteral("%1 %2: give the run another name (train.run_name)")
                     .arg(entry.outputDir,
                          queued ? QStringLiteral("is queued already") : QStringLiteral("exists"));
        return std::nullopt;
    }
    entry.title = QStringLiteral("%1: %2, %3 epochs")
                      .arg(config.train.runName,
                           trainConfigValue(config, QStringLiteral("model.architecture")))
                      .arg(config.train.epochs);
    const QString configPath = queueConfigPath(workspace, id);
    if (!writeConfigCopy(configPath, config, error))
        return std::nullopt;
    entry.arguments = QStringList{QStringLiteral("train"), QStringLiteral("--config"), configPath,
                                  QStringLiteral("--run"), entry.outputDir};
    expectEpochs(entry, workspace, config, config.train.epochs);
    return entry;
}

std::optional<QueueEntry> sweepQueueEntry(const QString &workspace, const QString &sweepFile,
                                          QString *error)
{
    const std::optional<SweepSpec> spec = readSweepFile(sweepFile, error);
    const auto points = spec ? expandSweep(*spec, error) : std::nullopt;
    if (!points)
        return std::nullopt;
    if (spec->base.data.dataset.isEmpty()) {
        *error = QStringLiteral("%1: the config names no dataset; set data.dataset under set: "
                                "(or in the base config)")
                     .arg(sweepFile);
        return std::nullopt;
    }
    // The sweep trains into its base config's workspace: it must be this queue's.
    const QString sweepWorkspace =
        spec->base.data.workspace.isEmpty()
            ? Workspace::defaultDirFor(QDir(spec->base.data.dataset).absolutePath())
            : QDir(spec->base.data.workspace).absolutePath();
    if (QDir(sweepWorkspace) != QDir(workspace)) {
        *error = QStringLiteral("%1 trains into %2, not into this queue's workspace %3")
                     .arg(sweepFile, sweepWorkspace, workspace);
        return std::nullopt;
    }
    QueueEntry entry;
    entry.kind = QueueEntry::Kind::Sweep;
    entry.title = QStringLiteral("%1 (%2 points)").arg(spec->name).arg(points->size());
    entry.outputDir = workspace + QStringLiteral("/sweeps/") + spec->name;
    entry.arguments = QStringList{QStringLiteral("sweep"), QStringLiteral("--sweep"),
                                  QFileInfo(sweepFile).absoluteFilePath()};
    expectEpochs(entry, workspace, spec->base, sweepEpochs(*spec, *points));
    return entry;
}

std::optional<QueueEntry> finderQueueEntry(const QString &workspace,
                                           const std::optional<TrainConfig> &config, int folds,
                                           const JobQueue &queue, QString *error)
{
    const int id = queue.nextId;
    if (folds < 2 || folds > 20) {
        *error = QStringLiteral("folds: %1 is not allowed (2..20)").arg(folds);
        return std::nullopt;
    }
    QueueEntry entry;
    entry.kind = QueueEntry::Kind::FindErrors;
    QString configArgument = QStringLiteral("{best-config}");
    entry.title = QStringLiteral("%1 folds, the best run's config").arg(folds);
    if (config) {
        if (const QString problem = checkTrainConfig(*config); !problem.isEmpty()) {
            *error = problem;
            return std::nullopt;
        }
        configArgument = queueConfigPath(workspace, id);
        if (!writeConfigCopy(configArgument, *config, error))
            return std::nullopt;
        entry.title =
            QStringLiteral("%1 folds, %2 epochs each").arg(folds).arg(config->train.epochs);
        expectEpochs(entry, workspace, *config, double(folds) * config->train.epochs);
    }
    entry.arguments =
        QStringList{QStringLiteral("find-errors"), QStringLiteral("--config"), configArgument,
                    QStringLiteral("--folds"), QString::number(folds)};
    return entry;
}

QueueEntry predictQueueEntry(const QStringList &runs, int bestOf, const QString &evalDir,
                             const QString &out, bool flipTta)
{
    QueueEntry entry;
    entry.kind = QueueEntry::Kind::Predict;
    entry.arguments << QStringLiteral("predict");
    if (runs.isEmpty())
        entry.arguments << QStringLiteral("--run") << QStringLiteral("{best-runs:%1}").arg(bestOf);
    for (const QString &run : runs)
        entry.arguments << QStringLiteral("--run") << QDir(run).absolutePath();
    entry.arguments << QStringLiteral("--eval") << QDir(evalDir).absolutePath()
                    << QStringLiteral("--out") << QFileInfo(out).absoluteFilePath();
    if (flipTta)
        entry.arguments << QStringLiteral("--tta") << QStringLiteral("hflip");
    const QString from = runs.isEmpty() ? QStringLiteral("the queue's best %1").arg(bestOf)
                                        : QStringLiteral("%1 run(s)").arg(runs.size());
    entry.title = QStringLiteral("%1 from %2").arg(QFileInfo(out).fileName(), from);
    return entry;
}

void refreshExpectation(QueueEntry &entry, const QString &workspace, const QStringList &runsByF1)
{
    QString configPath = queueOptionValue(entry.arguments, QStringLiteral("--config"));
    if (configPath == QLatin1String("{best-config}"))
        configPath = runsByF1.isEmpty() ? QString() : runsByF1.first() + "/config.yaml";
    QString ignored;
    if (entry.kind == QueueEntry::Kind::Train) {
        if (const auto config = readConfigFile(configPath))
            expectEpochs(entry, workspace, *config, config->train.epochs);
    } else if (entry.kind == QueueEntry::Kind::FindErrors) {
        const int folds = queueOptionValue(entry.arguments, QStringLiteral("--folds")).toInt();
        if (const auto config = readConfigFile(configPath))
            expectEpochs(entry, workspace, *config, double(folds) * config->train.epochs);
    } else if (entry.kind == QueueEntry::Kind::Sweep) {
        const auto spec = readSweepFile(queueOptionValue(entry.arguments, "--sweep"), &ignored);
        if (const auto points = spec ? expandSweep(*spec, &ignored) : std::nullopt)
            expectEpochs(entry, workspace, spec->base, sweepEpochs(*spec, *points));
    }
}

std::optional<QStringList> trainChildArguments(const QString &configPath, const QString &runDir,
                                               int untilEpoch, QString *error)
{
    QStringList arguments;
    if (QFileInfo::exists(runDir + QStringLiteral("/last.pt"))) {
        arguments = {QStringLiteral("train"), QStringLiteral("--resume"), runDir};
    } else {
        if (QFileInfo::exists(runDir)) {
            const QString aside = runDir + QStringLiteral(".unfinished-") +
                                  QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
            if (!QDir().rename(runDir, aside)) {
                *error =
                    QStringLiteral("%1 holds no checkpoint and cannot be set aside").arg(runDir);
                return std::nullopt;
            }
        }
        arguments = {QStringLiteral("train"), QStringLiteral("--config"), configPath,
                     QStringLiteral("--run"), runDir};
    }
    if (untilEpoch > 0)
        arguments << QStringLiteral("--until-epoch") << QString::number(untilEpoch);
    return arguments;
}

} // namespace masklab
