#include "dismissals.h"

#include "csvtable.h"
#include "textfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace masklab::finder {

namespace {
const QStringList kColumns = {QStringLiteral("kind"),  QStringLiteral("folder"),
                              QStringLiteral("photo"), QStringLiteral("given"),
                              QStringLiteral("other"), QStringLiteral("time")};
}

QString Dismissals::pathIn(const QString &workspaceDir)
{
    return workspaceDir + QStringLiteral("/finder/dismissed.csv");
}

std::optional<Dismissals> Dismissals::load(const QString &path, QString *error)
{
    Dismissals dismissals;
    if (!QFile::exists(path))
        return dismissals;
    const auto table = readStrictCsvFile(path, error);
    if (!table)
        return std::nullopt;
    const auto fail = [&](int line, const QString &reason) {
        *error = fileLineError(path, line, reason);
        return std::nullopt;
    };
    std::vector<int> columns;
    for (const QString &name : kColumns) {
        columns.push_back(table->column(name));
        if (columns.back() < 0)
            return fail(1, QStringLiteral("no column %1 (expected %2)")
                               .arg(name, kColumns.join(QLatin1Char(','))));
    }
    for (const CsvRecord &record : table->records) {
        Row row;
        for (size_t c = 0; c + 1 < columns.size(); ++c)
            row.fields << table->field(record, columns[c]);
        if (!parseSuspectKind(row.fields[0]) || row.fields[1].isEmpty())
            return fail(record.line, QStringLiteral("\"%1\" is not a kind of suspect, or the "
                                                    "folder is empty")
                                         .arg(row.fields[0]));
        row.time = QDateTime::fromString(table->field(record, columns.back()), Qt::ISODate);
        dismissals.m_time.insert(row.fields.join(u'|'), row);
    }
    return dismissals;
}

bool Dismissals::save(const QString &path, QString *error) const
{
    std::vector<const Row *> rows;
    for (const Row &row : m_time)
        rows.push_back(&row);
    std::sort(rows.begin(), rows.end(),
              [](const Row *a, const Row *b) { return a->fields < b->fields; });
    QString csv = kColumns.join(u',') + u'\n';
    for (const Row *row : rows) {
        for (const QString &field : row->fields)
            csv += csvEscape(field) + u',';
        csv += row->time.toString(Qt::ISODate) + u'\n';
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("%1: cannot create its folder").arg(path);
        return false;
    }
    return writeTextFile(path, csv, error);
}

void Dismissals::dismiss(const Suspect &suspect, const QDateTime &when)
{
    Row row;
    row.fields = suspect.keyFields();
    row.time = when;
    m_time.insert(suspect.key(), row);
}

void Dismissals::restore(const Suspect &suspect)
{
    m_time.remove(suspect.key());
}

} // namespace masklab::finder
