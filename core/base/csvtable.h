#pragma once
// A small, strict CSV reader for the competition's files: UTF-8 with or without BOM, LF / CRLF /
// CR line ends, quoted fields with "" escapes and embedded newlines, spaces around fields trimmed.

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace masklab {

struct CsvRecord
{
    int line = 0; // 1-based line where the record starts
    QStringList fields;
};

struct CsvTable
{
    QStringList header;
    std::vector<CsvRecord> records; // data rows, blank lines skipped
    QString syntaxError;            // first syntax problem, empty when fine
    int syntaxErrorLine = 0;
    int firstNonUtf8Line = 0; // a line whose bytes are not UTF-8 (shown as U+FFFD); 0 when none

    // Column index by name, case-insensitive; -1 when absent.
    int column(const QString &name) const;
    // The field of a record, or an empty string when the record is short.
    QString field(const CsvRecord &record, int column) const;
};

// Parses CSV text. The first non-blank record becomes the header.
CsvTable parseCsv(const QByteArray &bytes);

// Reads and parses a file; nothing when the file cannot be read (error filled in).
std::optional<CsvTable> readCsvFile(const QString &path, QString *error);

// Reads a file that must parse to the end: nothing on a read or syntax error, and error says
// "<path>: line <n>: <reason>" for the latter.
std::optional<CsvTable> readStrictCsvFile(const QString &path, QString *error);
// How a problem at a line of a file is told: "<path>: line <n>: <reason>".
QString fileLineError(const QString &path, int line, const QString &reason);

// Quotes a field for writing when it holds a comma, quote or line break.
QString csvEscape(const QString &field);

} // namespace masklab
