#include "runrecord.h"

#include "textfile.h"
#include "trainconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace masklab {

namespace {
const QStringList kStateNames = {QStringLiteral("unknown"), QStringLiteral("running"),
                                 QStringLiteral("finished"), QStringLiteral("stopped"),
                                 QStringLiteral("failed")};
}

QByteArray epochMetricsJson(const EpochMetrics &m)
{
    QJsonArray classF1;
    for (double f : m.classF1)
        classF1.append(f);
    const QJsonObject json{{"epoch", m.epoch},
                           {"train_loss", m.trainLoss},
                           {"val_loss", m.validationLoss},
                           {"val_macro_f1", m.macroF1},
                           {"val_accuracy", m.accuracy},
                           {"mask_f1", m.maskF1},
                           {"gender_f1", m.genderF1},
                           {"age_f1", m.ageF1},
                           {"lr", m.lr},
                           {"images_per_s", m.imagesPerSecond},
                           {"seconds", m.seconds},
                           {"class_f1", classF1}};
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::optional<EpochMetrics> parseEpochMetrics(const QByteArray &line)
{
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    if (o.isEmpty() || !o.value("epoch").isDouble())
        return std::nullopt;
    EpochMetrics m;
    m.epoch = o.value("epoch").toInt();
    m.trainLoss = o.value("train_loss").toDouble();
    m.validationLoss = o.value("val_loss").toDouble();
    m.macroF1 = o.value("val_macro_f1").toDouble();
    m.accuracy = o.value("val_accuracy").toDouble();
    m.maskF1 = o.value("mask_f1").toDouble();
    m.genderF1 = o.value("gender_f1").toDouble();
    m.ageF1 = o.value("age_f1").toDouble();
    m.lr = o.value("lr").toDouble();
    m.imagesPerSecond = o.value("images_per_s").toDouble();
    m.seconds = o.value("seconds").toDouble();
    for (const QJsonValue &f : o.value("class_f1").toArray())
        m.classF1.push_back(f.toDouble());
    return m;
}

namespace {
// The records of a line-per-record file (metrics.jsonl, batches.csv); lines that are not one
// (a header, a torn last line) are skipped.
template <class Record>
std::vector<Record> readRecords(const QString &path,
                                std::optional<Record> (*parse)(const QByteArray &line))
{
    std::vector<Record> records;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return records;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (auto record = parse(line))
            records.push_back(*record);
    }
    return records;
}
} // namespace

std::vector<EpochMetrics> readRunHistory(const QString &runDir)
{
    return readRecords(runDir + QStringLiteral("/metrics.jsonl"), &parseEpochMetrics);
}

QString epochMetricsCsvHeader()
{
    return QStringLiteral("epoch,train_loss,val_loss,val_macro_f1,val_accuracy,mask_f1,gender_f1,"
                          "age_f1,lr,images_per_s,seconds\n");
}

QString epochMetricsCsvRow(const EpochMetrics &m)
{
    return QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11\n")
        .arg(m.epoch)
        .arg(m.trainLoss, 0, 'g', 8)
        .arg(m.validationLoss, 0, 'g', 8)
        .arg(m.macroF1, 0, 'g', 8)
        .arg(m.accuracy, 0, 'g', 8)
        .arg(m.maskF1, 0, 'g', 8)
        .arg(m.genderF1, 0, 'g', 8)
        .arg(m.ageF1, 0, 'g', 8)
        .arg(m.lr, 0, 'g', 8)
        .arg(m.imagesPerSecond, 0, 'f', 1)
        .arg(m.seconds, 0, 'f', 2);
}

namespace {
// A run's time as its epochs recorded it (runs from before status.json kept "seconds").
double epochSeconds(const QString &runDir)
{
    double seconds = 0;
    for (const EpochMetrics &m : readRunHistory(runDir))
        seconds += m.seconds;
    return seconds;
}
} // namespace

QString runStateName(RunStatus::State state)
{
    return kStateNames.value(int(state));
}

bool writeRunStatus(const QString &runDir, const RunStatus &status, QString *error)
{
    QJsonObject json{{"state", runStateName(status.state)},
                     {"started", status.started.toString(Qt::ISODateWithMs)},
                     {"device", status.device},
                     {"pid", status.pid}};
    if (status.ended.isValid())
        json.insert("ended", status.ended.toString(Qt::ISODateWithMs));
    if (!status.message.isEmpty())
        json.insert("message", status.message);
    if (status.skippedPhotos > 0)
        json.insert("skipped_photos", status.skippedPhotos);
    if (!status.backend.isEmpty()) { // ranks in a process group, if only one
        json.insert("world_size", status.worldSize);
        json.insert("backend", status.backend);
    }
    json.insert("seconds", std::round(status.seconds * 10) / 10);
    if (status.sessionStarted.isValid())
        json.insert("session_started", status.sessionStarted.toString(Qt::ISODateWithMs));
    return writeTextFile(runDir + QStringLiteral("/status.json"),
                         QString::fromUtf8(QJsonDocument(json).toJson()), error);
}

RunStatus readRunStatus(const QString &runDir)
{
    RunStatus status;
    QFile file(runDir + QStringLiteral("/status.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        status.seconds = epochSeconds(runDir); // a run from before status.json
        return status;
    }
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    status.state =
        RunStatus::State(std::max(0, int(kStateNames.indexOf(o.value("state").toString()))));
    status.started = QDateTime::fromString(o.value("started").toString(), Qt::ISODateWithMs);
    status.ended = QDateTime::fromString(o.value("ended").toString(), Qt::ISODateWithMs);
    status.device = o.value("device").toString();
    status.message = o.value("message").toString();
    status.pid = o.value("pid").toInteger();
    status.skippedPhotos = o.value("skipped_photos").toInt();
    status.worldSize = std::max(1, o.value("world_size").toInt(1));
    status.backend = o.value("backend").toString();
    const QJsonValue seconds = o.value("seconds");
    status.hasSeconds = seconds.isDouble() && seconds.toDouble() >= 0;
    status.seconds = status.hasSeconds ? seconds.toDouble() : epochSeconds(runDir);
    status.sessionStarted =
        QDateTime::fromString(o.value("session_started").toString(), Qt::ISODateWithMs);
    return status;
}

QDateTime lastRunWrite(const QString &runDir)
{
    QDateTime last;
    for (const QString &file : {QStringLiteral("/batches.csv"), QStringLiteral("/metrics.jsonl")}) {
        const QDateTime changed = QFileInfo(runDir + file).lastModified();
        if (changed.isValid() && (!last.isValid() || changed > last))
            last = changed;
    }
    return last;
}

bool runIsLive(const RunStatus &status, const QDateTime &lastWrite)
{
    constexpr qint64 kQuietSeconds = 15 * 60;
    if (status.state != RunStatus::State::Running)
        return false;
    const bool alive =
        status.pid > 0 && QFileInfo::exists(QStringLiteral("/proc/%1").arg(status.pid));
    const bool recent =
        lastWrite.isValid() && lastWrite.secsTo(QDateTime::currentDateTime()) < kQuietSeconds;
    return alive || recent;
}

double RunStatus::secondsAt(const QDateTime &now) const
{
    const bool live = state == State::Running && sessionStarted.isValid();
    return seconds + (live ? std::max<qint64>(0, sessionStarted.msecsTo(now)) / 1000.0 : 0);
}

bool RunStatusKeeper::begin(const QString &device, int worldSize, const QString &backend,
                            QString *error)
{
    const RunStatus previous = readRunStatus(m_dir);
    m_status = RunStatus();
    m_status.state = RunStatus::State::Running;
    m_status.started = previous.started.isValid() ? previous.started : QDateTime::currentDateTime();
    m_status.device = device;
    m_status.worldSize = worldSize;
    m_status.backend = backend;
    m_status.pid = QCoreApplication::applicationPid();
    // The earlier sessions' time. A session that died while running (status.json still says
    // so) counts until its files last changed.
    const bool died = previous.state == RunStatus::State::Running;
    m_status.seconds = died ? previous.secondsAt(lastRunWrite(m_dir)) : previous.seconds;
    m_status.hasSeconds = true;
    m_status.sessionStarted = QDateTime::currentDateTimeUtc(); // the same instant in any zone
    m_begun = writeRunStatus(m_dir, m_status, error);
    return m_begun;
}

bool RunStatusKeeper::setSkippedPhotos(int count, QString *error)
{
    if (!m_begun || count == m_status.skippedPhotos)
        return true;
    m_status.skippedPhotos = count;
    return writeRunStatus(m_dir, m_status, error);
}

bool RunStatusKeeper::end(RunStatus::State state, const QString &message, QString *error)
{
    if (!m_begun)
        return true;
    m_status.ended = QDateTime::currentDateTime();
    m_status.seconds = m_status.secondsAt(m_status.ended); // before the state leaves Running
    m_status.sessionStarted = QDateTime();
    m_status.state = state;
    m_status.message = message;
    return writeRunStatus(m_dir, m_status, error);
}

std::optional<TrainConfig> readRunConfig(const QString &runDir)
{
    QFile file(runDir + QStringLiteral("/config.yaml"));
    QString ignored; // callers only need to know whether there is a valid config
    return file.open(QIODevice::ReadOnly)
               ? parseRunConfig(file.readAll(), file.fileName(), &ignored)
               : std::nullopt;
}

RunSummary summarizeRun(const QString &runDir)
{
    RunSummary s;
    s.dir = runDir;
    s.name = QFileInfo(runDir).fileName();
    s.status = readRunStatus(runDir);
    if (const auto config = readRunConfig(runDir)) {
        s.model = trainConfigValue(*config, QStringLiteral("model.architecture")) + u' ' +
                  trainConfigValue(*config, QStringLiteral("model.head"));
        s.epochsPlanned = config->train.epochs;
    }
    if (!s.status.started.isValid()) // a run from before status.json: its folder's birth
        s.status.started = QFileInfo(runDir + QStringLiteral("/config.yaml")).lastModified();
    s.seconds = s.status.seconds;
    s.lastWrite = lastRunWrite(runDir);
    for (const EpochMetrics &m : readRunHistory(runDir)) {
        s.epochsDone = std::max(s.epochsDone, m.epoch);
        if (m.macroF1 > s.bestMacroF1 || s.bestEpoch == 0) {
            s.bestMacroF1 = m.macroF1;
            s.bestEpoch = m.epoch;
        }
    }
    return s;
}

QString runStatusText(const RunSummary &run)
{
    if (run.status.state == RunStatus::State::Running)
        return runIsLive(run.status, run.lastWrite) ? QStringLiteral("running")
                                                    : QStringLiteral("interrupted");
    if (run.status.state == RunStatus::State::Unknown) { // no status.json: what metrics show
        if (run.epochsDone == 0)
            return QStringLiteral("unknown");
        return run.epochsDone >= run.epochsPlanned ? QStringLiteral("finished")
                                                   : QStringLiteral("incomplete");
    }
    return runStateName(run.status.state);
}

double runDuration(const RunSummary &run, bool running)
{
    return run.status.secondsAt(running ? QDateTime::currentDateTime() : run.lastWrite);
}

QString newRunFolder(const TrainConfig &config, const QString &defaultWorkspace)
{
    const QString workspace =
        config.data.workspace.isEmpty() ? defaultWorkspace : config.data.workspace;
    const QString runs = workspace + QStringLiteral("/runs/");
    if (!config.train.runName.isEmpty())
        return runs + config.train.runName;
    // Two runs started in the same second (two processes) get different folders.
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString name = stamp;
    for (int n = 2; QFileInfo::exists(runs + name); ++n)
        name = QStringLiteral("%1-%2").arg(stamp).arg(n);
    return runs + name;
}

QStringList listRunFolders(const QString &workspace)
{
    QStringList runs;
    QDir dir(workspace + QStringLiteral("/runs"));
    const QFileInfoList entries = dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &entry : entries) {
        if (QFile::exists(entry.filePath() + QStringLiteral("/config.yaml")))
            runs << entry.filePath();
    }
    return runs;
}

QString formatDuration(double seconds)
{
    if (seconds < 90)
        return QStringLiteral("%1 s").arg(qRound(seconds));
    const int minutes = qRound(seconds / 60);
    if (minutes < 90)
        return QStringLiteral("%1 min").arg(minutes);
    return QStringLiteral("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QChar(u'0'));
}

std::vector<BatchRecord> readRunBatches(const QString &runDir)
{
    return readRecords(runDir + QStringLiteral("/batches.csv"), &parseBatchCsvRow);
}

QByteArray batchCsvHeader()
{
    return "epoch,batch,batches,loss,images_per_s,lr\n";
}

QByteArray batchCsvRow(const BatchRecord &r, bool withLr)
{
    QString row = QStringLiteral("%1,%2,%3,%4,%5")
                      .arg(r.epoch)
                      .arg(r.batch)
                      .arg(r.batches)
                      .arg(r.loss, 0, 'g', 6)
                      .arg(r.imagesPerSecond, 0, 'f', 1);
    if (withLr)
        row += u',' + QString::number(r.lr, 'g', 6);
    return (row + u'\n').toUtf8();
}

std::optional<BatchRecord> parseBatchCsvRow(const QByteArray &line)
{
    const QList<QByteArray> fields = line.trimmed().split(',');
    if (fields.size() != 5 && fields.size() != 6)
        return std::nullopt;
    bool ok[6] = {false, false, false, false, false, true};
    BatchRecord r;
    r.epoch = fields[0].toInt(&ok[0]);
    r.batch = fields[1].toInt(&ok[1]);
    r.batches = fields[2].toInt(&ok[2]);
    r.loss = fields[3].toDouble(&ok[3]);
    r.imagesPerSecond = fields[4].toDouble(&ok[4]);
    if (fields.size() == 6)
        r.lr = fields[5].toDouble(&ok[5]);
    if (!std::all_of(std::begin(ok), std::end(ok), [](bool b) { return b; }) || r.epoch < 1 ||
        r.batch < 1 || r.batches < r.batch)
        return std::nullopt;
    return r;
}

} // namespace masklab
