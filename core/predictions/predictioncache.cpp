#include "predictioncache.h"

#include "textfile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace masklab {

namespace {

const char kEntryFile[] = "prediction.json";

QString memberFile(const QString &entryDir, int member)
{
    return entryDir + QStringLiteral("/member-%1.csv").arg(member + 1);
}

QJsonObject requestJson(const PredictionRequest &request)
{
    QJsonArray members;
    for (const PredictionMember &m : request.members)
        members.append(QJsonObject{{QStringLiteral("run"), m.runDir},
                                   {QStringLiteral("checkpoint"), m.checkpoint},
                                   {QStringLiteral("name"), m.name}});
    return {
        {QStringLiteral("members"), members},
        {QStringLiteral("tta"), request.flipTta ? QStringLiteral("hflip") : QStringLiteral("none")},
        {QStringLiteral("eval"), request.evalDir}};
}

PredictionRequest requestFromJson(const QJsonObject &json)
{
    PredictionRequest request;
    for (const QJsonValue &value : json.value(QStringLiteral("members")).toArray()) {
        const QJsonObject m = value.toObject();
        request.members.push_back({m.value(QStringLiteral("run")).toString(),
                                   m.value(QStringLiteral("checkpoint")).toString(),
                                   m.value(QStringLiteral("name")).toString()});
    }
    request.flipTta = json.value(QStringLiteral("tta")).toString() == QLatin1String("hflip");
    request.evalDir = json.value(QStringLiteral("eval")).toString();
    return request;
}

} // namespace

QString PredictionRequest::description() const
{
    QStringList parts;
    for (const PredictionMember &m : members)
        parts << (m.checkpoint.isEmpty() // a submission file shown as predictions
                      ? m.name
                      : QStringLiteral("%1 (%2)").arg(m.name.isEmpty() ? m.runDir : m.name,
                                                      m.checkpoint));
    QString text = parts.join(QStringLiteral(" + "));
    if (flipTta)
        text += QStringLiteral(", flip TTA");
    return text;
}

std::optional<std::vector<PredictionMember>> membersAt(const QString &path,
                                                       const QString &checkpoint, QString *error)
{
    const QDir dir(path);
    const QString name = dir.dirName();
    if (dir.exists(QStringLiteral("config.yaml")))
        return std::vector<PredictionMember>{{dir.absolutePath(), checkpoint, name}};
    std::vector<PredictionMember> folds;
    QStringList foldDirs = dir.entryList({QStringLiteral("fold-*")}, QDir::Dirs);
    std::sort(foldDirs.begin(), foldDirs.end(), [](const QString &a, const QString &b) {
        return a.mid(5).toInt() < b.mid(5).toInt(); // fold-10 after fold-9
    });
    for (const QString &fold : foldDirs)
        if (QFileInfo::exists(dir.filePath(fold + QStringLiteral("/config.yaml"))))
            folds.push_back({dir.absoluteFilePath(fold), checkpoint, name + u'/' + fold});
    if (folds.empty()) {
        *error = QStringLiteral("%1: not a run folder (no config.yaml) nor a folder of fold runs")
                     .arg(path);
        return std::nullopt;
    }
    return folds;
}

PredictionCache PredictionCache::forWorkspace(const QString &workspaceDir)
{
    return PredictionCache(workspaceDir + QStringLiteral("/predictions"));
}

std::optional<QString> PredictionCache::key(const PredictionRequest &request, const EvalSet &eval,
                                            QString *error)
{
    return keyFor(request, evalFingerprint(eval), error);
}

std::optional<QString> PredictionCache::keyFor(const PredictionRequest &request,
                                               const QString &fingerprint, QString *error)
{
    QStringList members; // sorted: A + B is the same ensemble as B + A
    for (const PredictionMember &m : request.members) {
        const QFileInfo checkpoint(m.runDir + u'/' + m.checkpoint + QStringLiteral(".pt"));
        if (!checkpoint.isFile()) {
            *error =
                QStringLiteral("%1: the run has no %2 checkpoint (%3)")
                    .arg(m.name.isEmpty() ? m.runDir : m.name, m.checkpoint, checkpoint.filePath());
            return std::nullopt;
        }
        members << QStringLiteral("%1|%2|%3")
                       .arg(checkpoint.canonicalFilePath())
                       .arg(checkpoint.size())
                       .arg(checkpoint.lastModified().toMSecsSinceEpoch());
    }
    members.sort();
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(members.join(u'\n').toUtf8());
    hash.addData(request.flipTta ? "\ntta=hflip\n" : "\ntta=none\n");
    hash.addData(fingerprint.toLatin1());
    return QString::fromLatin1(hash.result().toHex().left(16));
}

CacheLookup PredictionCache::lookup(const PredictionRequest &request) const
{
    CacheLookup found;
    std::optional<EvalSet> eval = readEvalSet(request.evalDir, &found.error);
    if (!eval)
        return found;
    const QString fingerprint = evalFingerprint(*eval); // a stat per image: once per lookup
    const std::optional<QString> key = keyFor(request, fingerprint, &found.error);
    if (!key)
        return found;
    found.key = *key;
    if (!m_dir.isEmpty())
        found.stored = loadFor(*key, *eval, fingerprint);
    found.eval = std::move(eval);
    return found;
}

std::optional<StoredPrediction> PredictionCache::readEntry(const QString &key) const
{
    QFile file(entryDir(key) + u'/' + QLatin1String(kEntryFile));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    StoredPrediction entry;
    entry.key = key;
    entry.dir = entryDir(key);
    entry.request = requestFromJson(json);
    entry.evalFingerprint = json.value(QStringLiteral("fingerprint")).toString();
    entry.created =
        QDateTime::fromString(json.value(QStringLiteral("created")).toString(), Qt::ISODate);
    entry.images = json.value(QStringLiteral("images")).toInt();
    if (entry.request.members.empty())
        return std::nullopt;
    return entry;
}

std::optional<EvalPredictions> PredictionCache::load(const QString &key, const EvalSet &eval) const
{
    return loadFor(key, eval, evalFingerprint(eval));
}

std::optional<EvalPredictions> PredictionCache::loadFor(const QString &key, const EvalSet &eval,
                                                        const QString &fingerprint) const
{
    const std::optional<StoredPrediction> entry = readEntry(key);
    if (!entry || entry->evalFingerprint != fingerprint)
        return std::nullopt;
    std::vector<std::vector<ClassProbabilities>> members;
    for (size_t m = 0; m < entry->request.members.size(); ++m) {
        QString ignored; // an unreadable entry is simply predicted again
        auto table = readProbabilitiesFile(memberFile(entry->dir, int(m)), &ignored);
        if (!table || table->first != eval.ids)
            return std::nullopt;
        members.push_back(std::move(table->second));
    }
    std::vector<bool> decoded(size_t(eval.ids.size()), false);
    for (size_t i = 0; i < decoded.size(); ++i) { // a row of zeros: the image did not decode
        const ClassProbabilities &p = members.front()[i];
        decoded[i] = std::any_of(p.begin(), p.end(), [](float v) { return v > 0.0f; });
    }
    return EvalPredictions(eval.ids, std::move(members), std::move(decoded));
}

bool PredictionCache::store(const QString &key, const PredictionRequest &request,
                            const EvalSet &eval, const EvalPredictions &predictions,
                            QString *error) const
{
    const QString dir = entryDir(key);
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create %1").arg(dir);
        return false;
    }
    for (int m = 0; m < predictions.memberCount(); ++m) {
        std::vector<ClassProbabilities> rows;
        for (int i = 0; i < predictions.imageCount(); ++i)
            rows.push_back(predictions.memberProbabilities(m, i));
        if (!writeTextFile(memberFile(dir, m), probabilitiesText(predictions.ids(), rows), error))
            return false;
    }
    QJsonObject json = requestJson(request);
    json.insert(QStringLiteral("eval"), eval.dir); // absolute: the app finds it by its path
    json.insert(QStringLiteral("fingerprint"), evalFingerprint(eval));
    json.insert(QStringLiteral("created"),
                QDateTime::currentDateTime().toString(Qt::ISODateWithMs));
    json.insert(QStringLiteral("images"), predictions.imageCount());
    return writeTextFile(dir + u'/' + QLatin1String(kEntryFile),
                         QString::fromUtf8(QJsonDocument(json).toJson()), error);
}

std::vector<StoredPrediction> PredictionCache::list() const
{
    std::vector<StoredPrediction> entries;
    for (const QString &key : QDir(m_dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (auto entry = readEntry(key))
            entries.push_back(std::move(*entry));
    std::sort(entries.begin(), entries.end(),
              [](const auto &a, const auto &b) { return a.created > b.created; });
    return entries;
}

} // namespace masklab
