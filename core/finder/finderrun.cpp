#include "finderrun.h"

#include "samples.h"
#include "textfile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace masklab::finder {

QString FinderRun::configHash(const TrainConfig &config, int folds)
{
    // Only what changes the models counts: not where the data is, the run's name, the fold
    // settings the finder sets itself, or how many threads compute it and in which layout.
    TrainConfig c = config;
    c.data.dataset.clear();
    c.data.workspace.clear();
    c.train.runName.clear();
    c.split.folds = folds;
    c.split.fold = 0;
    c.split.foldsFile.clear();
    c.train.threads = 0;
    c.train.workers = 0;
    c.train.device = TrainingConfig::Device::Auto;
    // The layout changes how fast a model trains, not what it learns: its line is left out too,
    // so folds trained before the key existed are still found.
    c.train.memoryFormat = TrainingConfig::MemoryFormat::Auto;
    QByteArray yaml = trainConfigToYaml(c);
    yaml.replace("  memory_format: auto\n", "");
    const QByteArray digest = QCryptographicHash::hash(yaml, QCryptographicHash::Sha1);
    return QString::fromLatin1(digest.toHex().left(12));
}

FinderRun FinderRun::forConfig(const QString &workspaceDir, const TrainConfig &config, int folds)
{
    return FinderRun(workspaceDir + QStringLiteral("/finder/") + configHash(config, folds));
}

QStringList FinderRun::list(const QString &workspaceDir)
{
    QDir dir(workspaceDir + QStringLiteral("/finder"));
    QList<QFileInfo> runs;
    for (const QFileInfo &entry : dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (QFile::exists(entry.filePath() + QStringLiteral("/oof.csv")))
            runs << QFileInfo(entry.filePath() + QStringLiteral("/oof.csv"));
    std::sort(runs.begin(), runs.end(), [](const QFileInfo &a, const QFileInfo &b) {
        return a.lastModified() > b.lastModified();
    });
    QStringList dirs;
    for (const QFileInfo &oof : runs)
        dirs << oof.absolutePath();
    return dirs;
}

bool FinderRun::writeInfo(const FinderRunInfo &info, QString *error) const
{
    QJsonObject o;
    o[QStringLiteral("folds")] = info.folds;
    o[QStringLiteral("config")] = info.config;
    o[QStringLiteral("finished")] = info.finished.toString(Qt::ISODate);
    o[QStringLiteral("seconds")] = info.seconds;
    o[QStringLiteral("reused_folds")] = info.reusedFolds;
    QJsonObject labels;
    for (auto it = info.labels.begin(); it != info.labels.end(); ++it)
        labels[it.key()] = it.value();
    o[QStringLiteral("labels")] = labels;
    o[QStringLiteral("skipped")] = QJsonArray::fromStringList(info.skipped);
    return writeTextFile(
        infoFile(), QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)), error);
}

std::optional<FinderRunInfo> FinderRun::readInfo(QString *error) const
{
    QFile file(infoFile());
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (!doc.isObject() || !doc.object().value(QStringLiteral("folds")).isDouble()) {
        *error = QStringLiteral("%1: not a finder run's summary (%2)")
                     .arg(file.fileName(), parse.error != QJsonParseError::NoError
                                               ? parse.errorString()
                                               : QStringLiteral("no folds"));
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    FinderRunInfo info;
    info.folds = o.value(QStringLiteral("folds")).toInt();
    info.config = o.value(QStringLiteral("config")).toString();
    info.finished =
        QDateTime::fromString(o.value(QStringLiteral("finished")).toString(), Qt::ISODate);
    info.seconds = o.value(QStringLiteral("seconds")).toDouble();
    info.reusedFolds = o.value(QStringLiteral("reused_folds")).toInt();
    const QJsonObject labels = o.value(QStringLiteral("labels")).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        info.labels.insert(it.key(), it.value().toString());
    for (const QJsonValue &v : o.value(QStringLiteral("skipped")).toArray())
        info.skipped << v.toString();
    return info;
}

QString personLabelSignature(const LabeledDataset &labels, int person)
{
    QString s = genderName(labels.gender(person)) + u',' + QString::number(labels.age(person));
    for (int slot = 0; slot < kPhotoSlotCount; ++slot)
        s += u',' + maskStateName(labels.mask(person, slot)) +
             (labels.excluded(person, slot) ? QStringLiteral("-excluded") : QString());
    return s;
}

QHash<QString, QString> personLabelSignatures(const LabeledDataset &labels)
{
    QHash<QString, QString> signatures;
    for (int i = 0; i < labels.personCount(); ++i)
        if (labels.person(i).hasFolder)
            signatures.insert(labels.person(i).folder, personLabelSignature(labels, i));
    return signatures;
}

QStringList changedPersons(const FinderRunInfo &info, const LabeledDataset &labels)
{
    QStringList changed;
    for (int i = 0; i < labels.personCount(); ++i) {
        const Person &p = labels.person(i);
        const auto it = info.labels.find(p.folder);
        if (p.hasFolder && it != info.labels.end() && *it != personLabelSignature(labels, i))
            changed << p.folder;
    }
    return changed;
}

QString trainingFingerprint(const LabeledDataset &labels, const std::vector<int> &persons,
                            const AgeThresholds &ages)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const Sample &s : collectSamples(labels, persons, ages))
        hash.addData(QStringLiteral("%1/%2:%3\n")
                         .arg(labels.person(s.person).folder)
                         .arg(s.slot)
                         .arg(s.label)
                         .toUtf8());
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace masklab::finder
