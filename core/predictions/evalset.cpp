#include "evalset.h"

#include "csvtable.h"
#include "scancontext.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

namespace masklab {

std::optional<EvalSet> readEvalSet(const QString &dir, QString *error)
{
    EvalSet eval;
    eval.dir =
        QDir(QFileInfo::exists(dir + QStringLiteral("/info.csv")) ? dir
                                                                  : dir + QStringLiteral("/eval"))
            .absolutePath();
    const QString infoPath = eval.dir + QStringLiteral("/info.csv");
    if (!QFileInfo::exists(infoPath)) {
        *error = QStringLiteral("%1: no info.csv there or in its eval folder").arg(dir);
        return std::nullopt;
    }
    const std::optional<CsvTable> table = readStrictCsvFile(infoPath, error);
    if (!table)
        return std::nullopt;
    const int idColumn = table->column(QStringLiteral("ImageID"));
    if (idColumn < 0) {
        *error = fileLineError(
            infoPath, 1,
            QStringLiteral("no ImageID column (header is: %1)").arg(table->header.join(u',')));
        return std::nullopt;
    }
    QHash<QString, int> lineOf;
    for (const CsvRecord &record : table->records) {
        const QString id = table->field(record, idColumn);
        if (!detail::isSafeName(id)) {
            *error = fileLineError(infoPath, record.line,
                                   QStringLiteral("ImageID \"%1\" is not a file name inside "
                                                  "images/")
                                       .arg(id));
            return std::nullopt;
        }
        if (lineOf.contains(id)) {
            *error = fileLineError(infoPath, record.line,
                                   QStringLiteral("ImageID %1 is listed twice (first on line %2)")
                                       .arg(id)
                                       .arg(lineOf.value(id)));
            return std::nullopt;
        }
        lineOf.insert(id, record.line);
        eval.ids << id;
        eval.lines.push_back(record.line);
    }
    return eval;
}

QString evalFingerprint(const EvalSet &eval)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    QFile info(eval.dir + QStringLiteral("/info.csv"));
    if (info.open(QIODevice::ReadOnly))
        hash.addData(info.readAll());
    for (int i = 0; i < eval.ids.size(); ++i) {
        const QFileInfo file(eval.imagePath(i));
        hash.addData(QStringLiteral("\n%1 %2 %3")
                         .arg(eval.ids[i])
                         .arg(file.exists() ? file.size() : -1)
                         .arg(file.lastModified().toMSecsSinceEpoch())
                         .toUtf8());
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace masklab
