#include "errorestimate.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace masklab::finder {

int ErrorEstimate::likelyCount() const
{
    return known ? int(std::ceil(1.5 * expected - 1e-9)) : 0;
}

QString ErrorEstimate::summary() const
{
    if (!known)
        return whyUnknown;
    QStringList parts;
    for (int k = 0; k < kSuspectKindCount; ++k)
        if (byKind[size_t(k)] >= 0.05)
            parts << QStringLiteral("%1 %2")
                         .arg(suspectKindName(SuspectKind(k)))
                         .arg(byKind[size_t(k)], 0, 'f', 1);
    const long rounded = std::lround(expected);
    return QStringLiteral("about %1 likely error%2").arg(rounded).arg(rounded == 1 ? "" : "s") +
           (parts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parts.join(", ")));
}

ErrorEstimate unknownEstimate(const QString &why)
{
    ErrorEstimate e;
    e.whyUnknown = why;
    return e;
}

double likelyCutoff(const std::vector<Suspect> &ranked, const ErrorEstimate &estimate)
{
    if (!estimate.known)
        return 0;
    const int count = estimate.likelyCount();
    int seen = 0;
    for (const Suspect &s : ranked) {
        if (s.kind == SuspectKind::Duplicate)
            continue;
        if (++seen == count)
            return s.score;
    }
    return count > seen ? 0 : 2; // fewer suspects than likely errors: all; none likely: none
}

QByteArray errorEstimateJson(const ErrorEstimate &estimate)
{
    QJsonObject o, byKind, rate;
    o[QStringLiteral("known")] = estimate.known;
    o[QStringLiteral("why_unknown")] = estimate.whyUnknown;
    o[QStringLiteral("expected")] = estimate.expected;
    for (int k = 0; k < kSuspectKindCount; ++k) {
        byKind[suspectKindName(SuspectKind(k))] = estimate.byKind[size_t(k)];
        rate[suspectKindName(SuspectKind(k))] = estimate.rate[size_t(k)];
    }
    o[QStringLiteral("by_kind")] = byKind;
    o[QStringLiteral("rate")] = rate;
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

std::optional<ErrorEstimate> readErrorEstimate(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return unknownEstimate(QStringLiteral("this list was found by an older MaskLab, which "
                                              "did not estimate the errors: find errors again "
                                              "for an estimate"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    const QJsonObject o = doc.object();
    if (!doc.isObject() || !o.value(QStringLiteral("known")).isBool() ||
        !o.value(QStringLiteral("expected")).isDouble()) {
        *error = QStringLiteral("%1: not an error estimate (%2)")
                     .arg(path, parse.error != QJsonParseError::NoError
                                    ? parse.errorString()
                                    : QStringLiteral("no \"known\" or \"expected\""));
        return std::nullopt;
    }
    ErrorEstimate e;
    e.known = o.value(QStringLiteral("known")).toBool();
    e.whyUnknown = o.value(QStringLiteral("why_unknown")).toString();
    e.expected = o.value(QStringLiteral("expected")).toDouble();
    const QJsonObject byKind = o.value(QStringLiteral("by_kind")).toObject();
    const QJsonObject rate = o.value(QStringLiteral("rate")).toObject();
    for (int k = 0; k < kSuspectKindCount; ++k) {
        e.byKind[size_t(k)] = byKind.value(suspectKindName(SuspectKind(k))).toDouble();
        e.rate[size_t(k)] = rate.value(suspectKindName(SuspectKind(k))).toDouble();
    }
    return e;
}

} // namespace masklab::finder
