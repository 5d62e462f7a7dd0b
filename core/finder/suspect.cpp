#include "suspect.h"

#include "csvtable.h"
#include "dataset.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>

namespace masklab::finder {

namespace {
const std::array<const char *, kSuspectKindCount> kKindNames = {"gender", "age", "mask-swap",
                                                                "mask", "duplicate"};

QJsonArray numbers(const std::vector<double> &values)
{
    QJsonArray array;
    for (double v : values)
        array.append(std::round(v * 1e6) / 1e6);
    return array;
}
} // namespace

QString suspectKindName(SuspectKind kind)
{
    return QString::fromLatin1(kKindNames[size_t(kind)]);
}

std::optional<SuspectKind> parseSuspectKind(const QString &name)
{
    for (size_t k = 0; k < kKindNames.size(); ++k)
        if (name == QLatin1String(kKindNames[k]))
            return SuspectKind(k);
    return std::nullopt;
}

QString Suspect::photo() const
{
    QStringList stems;
    for (int slot : photoSlots)
        stems << photoSlotStem(slot);
    return stems.join(u'+');
}

QStringList Suspect::keyFields() const
{
    return {suspectKindName(kind), folder, photo(), given,
            kind == SuspectKind::Duplicate ? other : QString()};
}

QString suspectsCsv(const std::vector<Suspect> &suspects)
{
    QString csv = QStringLiteral("rank,folder,photo,kind,given,suggested,score\n");
    int rank = 0;
    for (const Suspect &s : suspects)
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                   .arg(++rank)
                   .arg(csvEscape(s.folder), csvEscape(s.photo()), suspectKindName(s.kind),
                        csvEscape(s.given), csvEscape(s.suggested))
                   .arg(s.score, 0, 'f', 4);
    return csv;
}

std::optional<std::vector<Suspect>> readSuspectsCsv(const QString &path, QString *error)
{
    const auto table = readStrictCsvFile(path, error);
    if (!table)
        return std::nullopt;
    const QStringList columns = {QStringLiteral("folder"),    QStringLiteral("photo"),
                                 QStringLiteral("kind"),      QStringLiteral("given"),
                                 QStringLiteral("suggested"), QStringLiteral("score")};
    std::vector<int> at;
    for (const QString &c : columns)
        at.push_back(table->column(c));
    const auto fail = [&](int line, const QString &reason) {
        *error = fileLineError(path, line, reason);
        return std::nullopt;
    };
    if (std::find(at.begin(), at.end(), -1) != at.end())
        return fail(1, QStringLiteral("the header must be rank,%1").arg(columns.join(u',')));
    std::vector<Suspect> suspects;
    for (const CsvRecord &record : table->records) {
        Suspect s;
        s.folder = table->field(record, at[0]);
        const auto kind = parseSuspectKind(table->field(record, at[2]));
        bool number = false;
        s.score = table->field(record, at[5]).toDouble(&number);
        if (s.folder.isEmpty() || !kind || !number)
            return fail(record.line, QStringLiteral("expected a folder, a kind (gender, age, "
                                                    "mask-swap, mask, duplicate) and a score"));
        s.kind = *kind;
        const QString photo = table->field(record, at[1]);
        for (const QString &stem : photo.split(u'+', Qt::SkipEmptyParts)) {
            const auto slot = photoSlotOfStem(stem);
            if (!slot)
                return fail(record.line, QStringLiteral("\"%1\" is not a photo").arg(stem));
            s.photoSlots.push_back(*slot);
        }
        s.given = table->field(record, at[3]);
        s.suggested = table->field(record, at[4]);
        if (s.kind == SuspectKind::Duplicate)
            s.other = s.given;
        suspects.push_back(s);
    }
    return suspects;
}

QByteArray suspectsJson(const std::vector<Suspect> &suspects)
{
    QJsonArray list;
    int rank = 0;
    for (const Suspect &s : suspects) {
        QJsonObject o;
        o[QStringLiteral("rank")] = ++rank;
        o[QStringLiteral("folder")] = s.folder;
        o[QStringLiteral("photo")] = s.photo();
        o[QStringLiteral("kind")] = suspectKindName(s.kind);
        o[QStringLiteral("given")] = s.given;
        o[QStringLiteral("suggested")] = s.suggested;
        o[QStringLiteral("score")] = std::round(s.score * 1e4) / 1e4;
        if (!s.other.isEmpty())
            o[QStringLiteral("other")] = s.other;
        if (s.age >= 0)
            o[QStringLiteral("age")] = s.age;
        if (!s.classes.isEmpty()) {
            o[QStringLiteral("classes")] = QJsonArray::fromStringList(s.classes);
            o[QStringLiteral("class_thresholds")] = numbers(s.thresholds);
        }
        QJsonArray evidence;
        for (const PhotoEvidence &e : s.evidence) {
            QJsonObject photo;
            photo[QStringLiteral("photo")] = photoSlotStem(e.slot);
            photo[QStringLiteral("probabilities")] = numbers(e.probabilities);
            photo[QStringLiteral("calibrated")] = numbers(e.calibrated);
            evidence.append(photo);
        }
        if (!evidence.isEmpty())
            o[QStringLiteral("evidence")] = evidence;
        list.append(o);
    }
    return QJsonDocument(list).toJson(QJsonDocument::Indented);
}

namespace {
std::vector<double> numbersOf(const QJsonValue &value)
{
    std::vector<double> out;
    for (const QJsonValue &v : value.toArray())
        out.push_back(v.toDouble());
    return out;
}

std::optional<Suspect> suspectFromJson(const QJsonObject &o)
{
    Suspect s;
    const auto kind = parseSuspectKind(o.value(QStringLiteral("kind")).toString());
    s.folder = o.value(QStringLiteral("folder")).toString();
    if (!kind || s.folder.isEmpty() || !o.value(QStringLiteral("score")).isDouble())
        return std::nullopt;
    s.kind = *kind;
    for (const QString &stem :
         o.value(QStringLiteral("photo")).toString().split(u'+', Qt::SkipEmptyParts)) {
        const auto slot = photoSlotOfStem(stem);
        if (!slot)
            return std::nullopt;
        s.photoSlots.push_back(*slot);
    }
    s.given = o.value(QStringLiteral("given")).toString();
    s.suggested = o.value(QStringLiteral("suggested")).toString();
    s.score = o.value(QStringLiteral("score")).toDouble();
    s.other = o.value(QStringLiteral("other")).toString();
    s.age = o.value(QStringLiteral("age")).toInt(-1);
    for (const QJsonValue &c : o.value(QStringLiteral("classes")).toArray())
        s.classes << c.toString();
    s.thresholds = numbersOf(o.value(QStringLiteral("class_thresholds")));
    for (const QJsonValue &v : o.value(QStringLiteral("evidence")).toArray()) {
        const QJsonObject photo = v.toObject();
        const auto slot = photoSlotOfStem(photo.value(QStringLiteral("photo")).toString());
        if (!slot)
            return std::nullopt;
        s.evidence.push_back({*slot, numbersOf(photo.value(QStringLiteral("probabilities"))),
                              numbersOf(photo.value(QStringLiteral("calibrated")))});
    }
    return s;
}
} // namespace

std::optional<std::vector<Suspect>> readSuspectsJson(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (!doc.isArray()) {
        *error = QStringLiteral("%1: not a list of suspects (%2)").arg(path, parse.errorString());
        return std::nullopt;
    }
    std::vector<Suspect> suspects;
    for (const QJsonValue &entry : doc.array()) {
        const auto s = suspectFromJson(entry.toObject());
        if (!s) {
            *error = QStringLiteral("%1: suspect %2 is not one (kind, folder, photo, score)")
                         .arg(path)
                         .arg(suspects.size() + 1);
            return std::nullopt;
        }
        suspects.push_back(*s);
    }
    return suspects;
}

void rankSuspects(std::vector<Suspect> &suspects)
{
    std::stable_sort(suspects.begin(), suspects.end(), [](const Suspect &a, const Suspect &b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.kind != b.kind)
            return a.kind < b.kind;
        if (a.folder != b.folder)
            return a.folder < b.folder;
        return a.photo() < b.photo();
    });
}

} // namespace masklab::finder
