#include "reportformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace masklab {

namespace {
QString plural(qsizetype n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}
} // namespace

QString scanSummaryLine(const ScanResult &result)
{
    const IssueCounts counts = countIssues(result.issues);
    const Dataset &ds = result.dataset;
    return QStringLiteral("%1, %2, %3; %4, %5, %6")
        .arg(plural(qsizetype(ds.persons.size()), "person", "persons"),
             plural(ds.photoCount(), "photo", "photos"),
             plural(qsizetype(ds.evalImages.size()), "eval image", "eval images"),
             plural(counts.errors, "error", "errors"),
             plural(counts.warnings, "warning", "warnings"), plural(counts.infos, "info", "infos"));
}

QString formatIssueLine(const ScanIssue &issue)
{
    const QString where =
        issue.line > 0 ? QStringLiteral("%1:%2").arg(issue.path).arg(issue.line) : issue.path;
    return QStringLiteral("%1 %2  %3  %4")
        .arg(severityName(issue.severity), -7)
        .arg(where, issueKindName(issue.kind), issue.reason);
}

QByteArray scanReportJson(const ScanResult &result)
{
    const IssueCounts counts = countIssues(result.issues);
    QJsonObject summary{{QStringLiteral("persons"), qint64(result.dataset.persons.size())},
                        {QStringLiteral("photos"), result.dataset.photoCount()},
                        {QStringLiteral("evalImages"), qint64(result.dataset.evalImages.size())},
                        {QStringLiteral("errors"), counts.errors},
                        {QStringLiteral("warnings"), counts.warnings},
                        {QStringLiteral("infos"), counts.infos},
                        {QStringLiteral("seconds"), result.seconds},
                        {QStringLiteral("cancelled"), result.cancelled}};
    QJsonArray issues;
    for (const ScanIssue &issue : result.issues) {
        QJsonObject item{{QStringLiteral("severity"), severityName(issue.severity)},
                         {QStringLiteral("kind"), issueKindName(issue.kind)},
                         {QStringLiteral("path"), issue.path},
                         {QStringLiteral("reason"), issue.reason}};
        if (issue.line > 0)
            item.insert(QStringLiteral("line"), issue.line);
        if (!issue.person.isEmpty())
            item.insert(QStringLiteral("person"), issue.person);
        if (issue.photoSlot >= 0)
            item.insert(QStringLiteral("photo"), photoSlotStem(issue.photoSlot));
        issues.append(item);
    }
    const QJsonObject root{{QStringLiteral("dataset"), result.dataset.root},
                           {QStringLiteral("summary"), summary},
                           {QStringLiteral("issues"), issues}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace masklab
