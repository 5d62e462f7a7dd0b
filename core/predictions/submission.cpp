#include "submission.h"

#include "csvtable.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace masklab {

namespace {

// An answer as written: a plain integer 0..17 ("3", not "3.0" or " 3x").
std::optional<int> parseAnswer(const QString &text)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 0 || value >= kClassCount)
        return std::nullopt;
    return value;
}

} // namespace

std::optional<Submission> readSubmissionFile(const QString &path, QString *error)
{
    const std::optional<CsvTable> table = readStrictCsvFile(path, error);
    if (!table)
        return std::nullopt;
    if (table->header != QStringList({QStringLiteral("ImageID"), QStringLiteral("ans")})) {
        *error = fileLineError(path, 1,
                               QStringLiteral("the header must be ImageID,ans, found %1")
                                   .arg(table->header.join(u',')));
        return std::nullopt;
    }
    Submission submission;
    submission.path = path;
    QHash<QString, int> lineOf;
    for (const CsvRecord &record : table->records) {
        if (record.fields.size() != 2) {
            *error = fileLineError(path, record.line,
                                   QStringLiteral("expected 2 fields (ImageID,ans), found %1")
                                       .arg(record.fields.size()));
            return std::nullopt;
        }
        const QString &id = record.fields[0];
        if (id.isEmpty()) {
            *error = fileLineError(path, record.line, QStringLiteral("the ImageID is empty"));
            return std::nullopt;
        }
        if (lineOf.contains(id)) {
            *error = fileLineError(path, record.line,
                                   QStringLiteral("%1 is answered twice (first on line %2)")
                                       .arg(id)
                                       .arg(lineOf.value(id)));
            return std::nullopt;
        }
        const std::optional<int> answer = parseAnswer(record.fields[1]);
        if (!answer) {
            *error = fileLineError(path, record.line,
                                   QStringLiteral("the answer for %1 must be a class 0..17, found "
                                                  "\"%2\"")
                                       .arg(id, record.fields[1]));
            return std::nullopt;
        }
        lineOf.insert(id, record.line);
        submission.ids << id;
        submission.answers.push_back(*answer);
        submission.lines.push_back(record.line);
    }
    return submission;
}

QString submissionText(const QStringList &ids, const std::vector<int> &answers)
{
    QString text = QStringLiteral("ImageID,ans\n");
    for (int i = 0; i < ids.size(); ++i)
        text += QStringLiteral("%1,%2\n").arg(csvEscape(ids[i])).arg(answers[size_t(i)]);
    return text;
}

std::optional<SubmissionComparison> compareSubmissions(const Submission &first,
                                                       const Submission &second, QString *error)
{
    QHash<QString, int> rowInSecond;
    for (int i = 0; i < second.ids.size(); ++i)
        rowInSecond.insert(second.ids[i], i);
    SubmissionComparison comparison;
    for (int i = 0; i < first.ids.size(); ++i) {
        const auto found = rowInSecond.constFind(first.ids[i]);
        if (found == rowInSecond.constEnd()) {
            *error = fileLineError(
                first.path, first.lines[size_t(i)],
                QStringLiteral("%1 is not answered in %2").arg(first.ids[i], second.path));
            return std::nullopt;
        }
        const int from = first.answers[size_t(i)];
        const int to = second.answers[size_t(*found)];
        ++comparison.images;
        if (from == to) {
            ++comparison.agreeing;
            continue;
        }
        ++comparison.changes[size_t(from)][size_t(to)];
        comparison.changed.push_back({first.ids[i], from, to});
    }
    if (second.ids.size() != first.ids.size()) { // every id of first is in second: it has more
        QSet<QString> inFirst(first.ids.begin(), first.ids.end());
        for (int i = 0; i < second.ids.size(); ++i)
            if (!inFirst.contains(second.ids[i])) {
                *error = fileLineError(
                    second.path, second.lines[size_t(i)],
                    QStringLiteral("%1 is not answered in %2").arg(second.ids[i], first.path));
                return std::nullopt;
            }
    }
    return comparison;
}

QString comparisonReport(const SubmissionComparison &comparison, const QString &firstName,
                         const QString &secondName)
{
    QString text = QStringLiteral("%1 of %2 answers agree (%3%)\n")
                       .arg(comparison.agreeing)
                       .arg(comparison.images)
                       .arg(100.0 * comparison.agreement(), 0, 'f', 2);
    struct Pair
    {
        int from, to, count;
    };
    std::vector<Pair> pairs;
    for (int from = 0; from < kClassCount; ++from)
        for (int to = 0; to < kClassCount; ++to)
            if (const int count = comparison.changes[size_t(from)][size_t(to)])
                pairs.push_back({from, to, count});
    if (pairs.empty())
        return text;
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair &a, const Pair &b) { return a.count > b.count; });
    text += QStringLiteral("%1 changed answers, %2 -> %3:\n")
                .arg(comparison.changed.size())
                .arg(firstName, secondName);
    for (const Pair &p : pairs)
        text += QStringLiteral("  %1  %2 %3 -> %4 %5\n")
                    .arg(p.count, 6)
                    .arg(p.from, 2)
                    .arg(className(p.from), -20)
                    .arg(p.to, 2)
                    .arg(className(p.to));
    return text;
}

} // namespace masklab
