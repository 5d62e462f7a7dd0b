#include "csvtable.h"

#include <QFile>
#include <QStringDecoder>

namespace masklab {

int CsvTable::column(const QString &name) const
{
    for (int i = 0; i < header.size(); ++i) {
        if (header[i].compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

QString CsvTable::field(const CsvRecord &record, int column) const
{
    if (column < 0 || column >= record.fields.size())
        return {};
    return record.fields[column];
}

namespace {

// Walks the text once; fields are built in place so 20k rows stay fast.
class CsvParser
{
public:
    explicit CsvParser(const QString &text) : m_text(text) {}

    CsvTable run()
    {
        CsvTable table;
        bool haveHeader = false;
        while (m_pos < m_text.size()) {
            CsvRecord record;
            record.line = m_line;
            if (!readRecord(record.fields)) {
                table.syntaxError = m_error;
                table.syntaxErrorLine = record.line;
                break;
            }
            if (record.fields.size() == 1 && record.fields[0].isEmpty())
                continue; // blank line
            if (!haveHeader) {
                table.header = record.fields;
                haveHeader = true;
            } else {
                table.records.push_back(std::move(record));
            }
        }
        return table;
    }

private:
    bool atLineEnd() const
    {
        return m_pos < m_text.size() && (m_text[m_pos] == u'\n' || m_text[m_pos] == u'\r');
    }

    void skipLineEnd()
    {
        if (m_text[m_pos] == u'\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == u'\n')
            ++m_pos;
        ++m_pos;
        ++m_line;
    }

    void skipSpaces()
    {
        while (m_pos < m_text.size() && (m_text[m_pos] == u' ' || m_text[m_pos] == u'\t'))
            ++m_pos;
    }

    bool readRecord(QStringList &fields)
    {
        for (;;) {
            QString field;
            if (!readField(field))
                return false;
            fields.append(field);
            if (m_pos >= m_text.size())
                return true;
            if (atLineEnd()) {
                skipLineEnd();
                return true;
            }
            ++m_pos; // the comma
        }
    }

    bool readField(QString &field)
    {
        skipSpaces();
        if (m_pos < m_text.size() && m_text[m_pos] == u'"')
            return readQuoted(field);
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != u',' && !atLineEnd())
            ++m_pos;
        field = m_text.mid(start, m_pos - start).trimmed();
        return true;
    }

    bool readQuoted(QString &field)
    {
        const int openLine = m_line;
        ++m_pos; // opening quote
        for (;;) {
            if (m_pos >= m_text.size()) {
                m_error =
                    QStringLiteral("unterminated quoted field opened on line %1").arg(openLine);
                return false;
            }
            const QChar c = m_text[m_pos];
            if (c == u'"') {
                if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == u'"') {
                    field.append(u'"');
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                break;
            }
            if (c == u'\n')
                ++m_line;
            field.append(c);
            ++m_pos;
        }
        skipSpaces();
        if (m_pos < m_text.size() && m_text[m_pos] != u',' && !atLineEnd()) {
            m_error = QStringLiteral("unexpected text after a closing quote");
            return false;
        }
        return true;
    }

    const QString &m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    QString m_error;
};

// Files saved by a spreadsheet in a local encoding (Latin-1, CP949) are not UTF-8.
int firstNonUtf8Line(const QByteArray &data)
{
    QStringDecoder whole(QStringDecoder::Utf8);
    (void)QString(whole(data));
    if (!whole.hasError())
        return 0;
    const QList<QByteArray> lines = data.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QStringDecoder decoder(QStringDecoder::Utf8);
        (void)QString(decoder(lines[i]));
        if (decoder.hasError())
            return int(i) + 1;
    }
    return 0;
}

} // namespace

CsvTable parseCsv(const QByteArray &bytes)
{
    QByteArray data = bytes;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    const QString text = QString::fromUtf8(data);
    CsvTable table = CsvParser(text).run();
    table.firstNonUtf8Line = firstNonUtf8Line(data);
    return table;
}

std::optional<CsvTable> readCsvFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return std::nullopt;
    }
    return parseCsv(file.readAll());
}

QString csvEscape(const QString &field)
{
    if (!field.contains(u',') && !field.contains(u'"') && !field.contains(u'\n') &&
        !field.contains(u'\r'))
        return field;
    QString quoted = field;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

std::optional<CsvTable> readStrictCsvFile(const QString &path, QString *error)
{
    auto table = readCsvFile(path, error);
    if (table && !table->syntaxError.isEmpty()) {
        *error = fileLineError(path, table->syntaxErrorLine, table->syntaxError);
        return std::nullopt;
    }
    return table;
}

QString fileLineError(const QString &path, int line, const QString &reason)
{
    return QStringLiteral("%1: line %2: %3").arg(path).arg(line).arg(reason);
}

} // namespace masklab
