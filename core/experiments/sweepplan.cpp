#include "sweepplan.h"

#include "random.h"
#include "runpace.h"
#include "runrecord.h"

#include <QFileInfo>

#include <cmath>

namespace masklab {

namespace {

QString numberText(double value, bool integer)
{
    return integer ? QString::number(qint64(std::llround(value))) : QString::number(value, 'g', 6);
}

// The value of a Draw parameter: uniform between its ends, or uniform in their logarithms.
QString drawValue(const SweepParameter &p, Rng &rng)
{
    const double value = p.log ? std::exp(rng.uniform(std::log(p.low), std::log(p.high)))
                               : rng.uniform(p.low, p.high);
    return numberText(value, p.integer);
}

QStringList choices(const SweepParameter &p)
{
    return p.kind == SweepParameter::Kind::Range ? rangeValues(p) : p.values;
}

// The grid's points in order: the last parameter varies fastest.
std::vector<std::vector<std::pair<QString, QString>>> gridValues(const SweepSpec &spec)
{
    std::vector<std::vector<std::pair<QString, QString>>> points(1);
    for (const SweepParameter &p : spec.parameters) {
        std::vector<std::vector<std::pair<QString, QString>>> next;
        for (const auto &point : points)
            for (const QString &value : choices(p)) {
                next.push_back(point);
                next.back().emplace_back(p.key, value);
            }
        points = std::move(next);
    }
    return points;
}

std::vector<std::vector<std::pair<QString, QString>>> randomValues(const SweepSpec &spec)
{
    Rng rng(spec.seed);
    std::vector<std::vector<std::pair<QString, QString>>> points(size_t(spec.runs));
    for (auto &point : points)
        for (const SweepParameter &p : spec.parameters) {
            if (p.kind == SweepParameter::Kind::Draw) {
                point.emplace_back(p.key, drawValue(p, rng));
            } else {
                const QStringList options = choices(p);
                point.emplace_back(p.key, options[rng.range(0, int(options.size()) - 1)]);
            }
        }
    return points;
}

} // namespace

QString SweepPoint::runName(const QString &sweep) const
{
    return QStringLiteral("%1-%2").arg(sweep).arg(index, 3, 10, QLatin1Char('0'));
}

QString foldRunName(const QString &run, int fold)
{
    return QStringLiteral("%1-fold%2").arg(run).arg(fold + 1);
}

QString SweepPoint::runName(const QString &sweep, int fold) const
{
    return folds >= 2 ? foldRunName(runName(sweep), fold) : runName(sweep);
}

TrainConfig SweepPoint::foldConfig(int fold) const
{
    TrainConfig c = config;
    if (folds >= 2)
        c.split.fold = fold;
    return c;
}

QString SweepPoint::describe() const
{
    QStringList parts;
    for (const auto &[key, value] : values)
        parts << key + u'=' + value;
    return parts.join(QStringLiteral(", "));
}

QStringList rangeValues(const SweepParameter &p)
{
    QStringList values;
    for (int i = 0; i < p.count; ++i) {
        const double t = double(i) / (p.count - 1);
        const double value =
            p.log ? std::exp(std::log(p.low) + t * (std::log(p.high) - std::log(p.low)))
                  : p.low + t * (p.high - p.low);
        const QString text = numberText(i == p.count - 1 ? p.high : value, p.integer);
        if (!values.contains(text))
            values << text;
    }
    return values;
}

std::optional<std::vector<SweepPoint>> expandSweep(const SweepSpec &spec, QString *error)
{
    const auto all = spec.random ? randomValues(spec) : gridValues(spec);
    std::vector<SweepPoint> points;
    for (const auto &values : all) {
        SweepPoint point;
        point.index = int(points.size()) + 1;
        point.values = values;
        point.config = spec.base;
        point.folds = spec.folds;
        if (spec.folds >= 2)
            point.config.split.folds = spec.folds;
        QString problem;
        for (const auto &[key, value] : values)
            if (problem.isEmpty())
                problem = setTrainConfigValue(point.config, key, value);
        if (problem.isEmpty())
            problem = checkTrainConfig(point.config);
        if (problem.isEmpty() && spec.earlyStop.active() &&
            spec.earlyStop.rungs.back() >= point.config.train.epochs)
            problem = QStringLiteral("train.epochs: %1 is not after the last rung (%2)")
                          .arg(point.config.train.epochs)
                          .arg(spec.earlyStop.rungs.back());
        if (!problem.isEmpty()) {
            *error = QStringLiteral("%1: point %2 (%3): %4")
                         .arg(spec.source)
                         .arg(point.index)
                         .arg(point.describe(), problem);
            return std::nullopt;
        }
        points.push_back(std::move(point));
    }
    return points;
}

int sweepEpochs(const SweepSpec &spec, const std::vector<SweepPoint> &points)
{
    int epochs = 0, last = 0;
    for (const SweepPoint &point : points) {
        epochs += point.config.train.epochs;
        last = std::max(last, point.config.train.epochs);
    }
    if (!spec.earlyStop.active())
        return epochs * spec.runsPerPoint();
    epochs = 0;
    int going = int(points.size()), from = 0;
    for (int rung : spec.earlyStop.rungs) {
        epochs += going * (rung - from);
        going = std::max(1, int(std::ceil(spec.earlyStop.keep * going - 1e-9)));
        from = rung;
    }
    return (epochs + going * (last - from)) * spec.runsPerPoint();
}

QString describeSweepSize(const SweepSpec &spec, const std::vector<SweepPoint> &points)
{
    QString text = QStringLiteral("%1 points (%2)")
                       .arg(points.size())
                       .arg(spec.random ? QStringLiteral("random") : QStringLiteral("grid"));
    if (spec.folds >= 2)
        text += QStringLiteral(", each cross-validated over %1 folds: %2 runs")
                    .arg(spec.folds)
                    .arg(points.size() * size_t(spec.folds));
    return text;
}

QString describeSweepCost(const SweepSpec &spec, const std::vector<SweepPoint> &points,
                          const QString &workspace)
{
    const int epochs = sweepEpochs(spec, points);
    QString text = QStringLiteral("%1 epochs of training").arg(epochs);
    if (spec.earlyStop.active()) {
        SweepSpec withoutRule = spec;
        withoutRule.earlyStop = {};
        text += QStringLiteral(" at most, with early stopping (%1 without)")
                    .arg(sweepEpochs(withoutRule, points));
    }
    // The base's pace: points that change the model or the input size train faster or slower.
    if (const std::optional<Pace> pace = earlierPace(workspace, spec.base))
        text += QStringLiteral("; about %1 at the pace of run %2 (%3 an epoch)")
                    .arg(formatDuration(epochs * pace->epochSeconds),
                         QFileInfo(pace->source).fileName(), formatDuration(pace->epochSeconds));
    return text;
}

} // namespace masklab
