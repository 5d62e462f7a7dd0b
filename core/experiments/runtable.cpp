#include "runtable.h"

#include "csvtable.h"
#include "sweeprunner.h"

#include <QFileInfo>

namespace masklab {

namespace {

// The run's own name is its first column, never a varying key.
const QStringList kNotCompared = {QStringLiteral("train.run_name")};

QByteArray csvLine(const QStringList &cells)
{
    QStringList escaped;
    for (const QString &cell : cells)
        escaped << csvEscape(cell);
    return escaped.join(u',').toUtf8() + '\n';
}

QString f1Text(double value, bool known)
{
    return known ? QString::number(value, 'f', 4) : QString();
}

QStringList findVaryingKeys(const std::vector<RunRow> &rows)
{
    QStringList varying;
    for (const QString &key : trainConfigKeys()) {
        if (kNotCompared.contains(key))
            continue;
        QStringList values;
        for (const RunRow &row : rows)
            if (row.config && !values.contains(trainConfigValue(*row.config, key)))
                values << trainConfigValue(*row.config, key);
        if (values.size() > 1)
            varying << key;
    }
    return varying;
}

} // namespace

QStringList RunTable::fixedColumns()
{
    return {QStringLiteral("run"),     QStringLiteral("status"),     QStringLiteral("epochs"),
            QStringLiteral("best_f1"), QStringLiteral("best_epoch"), QStringLiteral("last_f1"),
            QStringLiteral("mask_f1"), QStringLiteral("gender_f1"),  QStringLiteral("age_f1"),
            QStringLiteral("seconds")};
}

QString RunTable::cell(int row, int column) const
{
    const RunRow &r = rows[size_t(row)];
    const bool trained = r.best.epoch > 0;
    switch (column) {
    case 0:
        return r.summary.name;
    case 1:
        return r.status;
    case 2:
        return QStringLiteral("%1/%2").arg(r.summary.epochsDone).arg(r.summary.epochsPlanned);
    case 3:
        return f1Text(r.best.macroF1, trained);
    case 4:
        return trained ? QString::number(r.best.epoch) : QString();
    case 5:
        return f1Text(r.lastF1, trained);
    case 6:
        return f1Text(r.best.maskF1, trained);
    case 7:
        return f1Text(r.best.genderF1, trained);
    case 8:
        return f1Text(r.best.ageF1, trained);
    case 9:
        return QString::number(runDuration(r.summary, r.status == QLatin1String("running")), 'f',
                               0);
    default:
        break;
    }
    const QString &key = varyingKeys[column - int(fixedColumns().size())];
    return r.config ? trainConfigValue(*r.config, key) : QString();
}

QByteArray RunTable::csv() const
{
    QByteArray out = csvLine(columns());
    for (int row = 0; row < int(rows.size()); ++row) {
        QStringList cells;
        for (int column = 0; column < int(columns().size()); ++column)
            cells << cell(row, column);
        out += csvLine(cells);
    }
    return out;
}

std::vector<ConfigDifference> configDifferences(const TrainConfig &a, const TrainConfig &b)
{
    std::vector<ConfigDifference> differences;
    for (const QString &key : trainConfigKeys()) {
        const QString va = trainConfigValue(a, key), vb = trainConfigValue(b, key);
        if (va != vb && !kNotCompared.contains(key))
            differences.push_back({key, va, vb});
    }
    return differences;
}

RunTable compareRuns(const QStringList &runDirs,
                     const std::vector<std::pair<QString, QString>> &sweepStates)
{
    RunTable table;
    for (const QString &dir : runDirs) {
        if (!QFileInfo::exists(dir + QStringLiteral("/config.yaml")))
            continue;
        RunRow row;
        row.summary = summarizeRun(dir);
        row.status = runStatusText(row.summary);
        for (const auto &[run, text] : sweepStates) {
            if (run != row.summary.name)
                continue;
            // The sweep's words the run cannot know; a point training now is the run's "running".
            const QString state = text.section(QStringLiteral("; "), 0, 0);
            if (state == QLatin1String("stopped by the sweep") || state == QLatin1String("failed"))
                row.status = state;
            if (text.contains(QStringLiteral("; "))) // a cross-validated point's score
                row.status += QStringLiteral("; ") + text.section(QStringLiteral("; "), 1);
        }
        for (const EpochMetrics &m : readRunHistory(dir)) {
            if (m.epoch == row.summary.bestEpoch)
                row.best = m;
            row.lastF1 = m.macroF1;
        }
        row.config = readRunConfig(dir);
        table.rows.push_back(row);
    }
    table.varyingKeys = findVaryingKeys(table.rows);
    return table;
}

std::optional<RunTable> compareSweepRuns(const QString &workspace, const QString &sweep,
                                         QString *error)
{
    const auto points = readSweepState(workspace + QStringLiteral("/sweeps/") + sweep, error);
    if (!points)
        return std::nullopt;
    QStringList dirs;
    std::vector<std::pair<QString, QString>> states;
    for (const SweepPointState &point : *points)
        for (const QString &run : point.runFolders()) {
            dirs << workspace + QStringLiteral("/runs/") + run;
            states.emplace_back(run, sweepPointStatus(point));
        }
    return compareRuns(dirs, states);
}

} // namespace masklab
