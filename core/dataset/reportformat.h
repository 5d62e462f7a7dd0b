#pragma once
// Renders a scan result for people (text) and for tools (JSON).

#include "datasetscanner.h"

#include <QByteArray>
#include <QString>

namespace masklab {

// "2700 persons, 18900 photos, 12600 eval images; 0 errors, 2 warnings, 45 infos"
QString scanSummaryLine(const ScanResult &result);

// One line per issue: "error    train/train.csv:12  csv-bad-value  reason"
QString formatIssueLine(const ScanIssue &issue);

// {"dataset":..., "summary":{...}, "issues":[{severity, kind, path, line, reason}, ...]}
QByteArray scanReportJson(const ScanResult &result);

} // namespace masklab
