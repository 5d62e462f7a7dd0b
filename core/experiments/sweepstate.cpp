// state.json of a sweep folder: each point's run, state, epochs and best F1.

#include "sweeprunner.h"

#include "textfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace masklab {

namespace {

const char *const kStateNames[] = {"pending", "going", "finished", "stopped by the sweep",
                                   "failed"};

std::optional<SweepPointState::State> stateFromName(const QString &name)
{
    for (int i = 0; i < int(std::size(kStateNames)); ++i)
        if (name == QLatin1String(kStateNames[i]))
            return SweepPointState::State(i);
    return std::nullopt;
}

} // namespace

QStringList SweepPointState::runFolders() const
{
    if (folds < 2)
        return {run};
    QStringList names;
    for (int fold = 0; fold < folds; ++fold)
        names << foldRunName(run, fold);
    return names;
}

QString sweepStateName(SweepPointState::State state)
{
    return QString::fromLatin1(kStateNames[int(state)]);
}

QString sweepPointStatus(const SweepPointState &point)
{
    // A score once every fold has an epoch: before, a mean over missing folds says nothing.
    if (point.folds < 2 || point.epochsDone == 0)
        return sweepStateName(point.state);
    return QStringLiteral("%1; point %2 \u00b1 %3 over %4 folds")
        .arg(sweepStateName(point.state))
        .arg(point.bestF1, 0, 'f', 3)
        .arg(point.f1Std, 0, 'f', 3)
        .arg(point.folds);
}

QString sweepPointF1(const SweepPointState &point)
{
    if (point.folds < 2)
        return QString::number(point.bestF1, 'f', 4);
    return QStringLiteral("%1 \u00b1 %2 (%3 folds)")
        .arg(point.bestF1, 0, 'f', 4)
        .arg(point.f1Std, 0, 'f', 4)
        .arg(point.folds);
}

QByteArray sweepStateJson(const QString &sweep, const std::vector<SweepPointState> &states)
{
    QJsonArray points;
    for (const SweepPointState &s : states) {
        QJsonObject point{{"index", s.index},
                          {"run", s.run},
                          {"values", s.values},
                          {"state", sweepStateName(s.state)},
                          {"epochs_done", s.epochsDone},
                          {"best_macro_f1", s.bestF1},
                          {"stopped_at_rung", s.stoppedAtRung},
                          {"message", s.message}};
        if (s.folds >= 2) { // best_macro_f1 is then the folds' mean
            point.insert("folds", s.folds);
            point.insert("fold_best_macro_f1", QJsonArray::fromVariantList([&] {
                             QVariantList f1;
                             for (double v : s.foldF1)
                                 f1 << v;
                             return f1;
                         }()));
            point.insert("macro_f1_std", s.f1Std);
        }
        points.append(point);
    }
    return QJsonDocument(QJsonObject{{"sweep", sweep}, {"points", points}}).toJson();
}

std::optional<std::vector<SweepPointState>> readSweepState(const QString &sweepDir, QString *error)
{
    const QString path = sweepDir + QStringLiteral("/state.json");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    const QJsonValue points = document.object().value(QStringLiteral("points"));
    if (parseError.error != QJsonParseError::NoError || !points.isArray()) {
        *error = QStringLiteral("%1: not a sweep state (%2)")
                     .arg(path, parseError.error != QJsonParseError::NoError
                                    ? parseError.errorString()
                                    : QStringLiteral("no \"points\" list"));
        return std::nullopt;
    }
    std::vector<SweepPointState> states;
    for (const QJsonValue &value : points.toArray()) {
        const QJsonObject o = value.toObject();
        SweepPointState s;
        s.index = o.value(QStringLiteral("index")).toInt();
        s.run = o.value(QStringLiteral("run")).toString();
        s.values = o.value(QStringLiteral("values")).toString();
        const auto state = stateFromName(o.value(QStringLiteral("state")).toString());
        if (s.index != int(states.size()) + 1 || !state) {
            *error = QStringLiteral("%1: point %2 is not a sweep point (index or state)")
                         .arg(path)
                         .arg(states.size() + 1);
            return std::nullopt;
        }
        s.state = *state;
        s.epochsDone = o.value(QStringLiteral("epochs_done")).toInt();
        s.bestF1 = o.value(QStringLiteral("best_macro_f1")).toDouble();
        s.stoppedAtRung = o.value(QStringLiteral("stopped_at_rung")).toInt();
        s.message = o.value(QStringLiteral("message")).toString();
        s.folds = o.value(QStringLiteral("folds")).toInt();
        for (const QJsonValue &f1 : o.value(QStringLiteral("fold_best_macro_f1")).toArray())
            s.foldF1.push_back(f1.toDouble());
        s.f1Std = o.value(QStringLiteral("macro_f1_std")).toDouble();
        if (s.folds == 1 || s.folds > kMaxSweepFolds) {
            *error =
                QStringLiteral("%1: point %2 has %3 folds").arg(path).arg(s.index).arg(s.folds);
            return std::nullopt;
        }
        states.push_back(s);
    }
    return states;
}

} // namespace masklab
