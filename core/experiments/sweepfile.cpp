#include "sweepfile.h"

#include "trainpresets.h"
#include "yamlerror.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <cmath>

namespace masklab {

namespace {

const QStringList kTopKeys = {"name", "base", "preset",     "set",        "method",
                              "runs", "seed", "parameters", "early_stop", "folds"};

// A problem at a line of the sweep file (thrown inside the parser, caught once).
struct SweepError
{
    int line;
    QString message;
};

[[noreturn]] void fail(const YAML::Node &at, const QString &message)
{
    throw SweepError{at.Mark().line + 1, message};
}

// A value as the config's editor text reads it: the scalar itself, a list as flow YAML.
QString valueText(const YAML::Node &node)
{
    if (node.IsScalar())
        return QString::fromStdString(node.Scalar());
    YAML::Emitter out;
    out << YAML::Flow << node;
    return QString::fromUtf8(out.c_str());
}

double number(const YAML::Node &node, const QString &what)
{
    double value = 0;
    if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value))
        fail(node, QStringLiteral("%1: \"%2\" is not a number").arg(what, valueText(node)));
    return value;
}

int wholeNumber(const YAML::Node &node, const QString &what, int low, int high)
{
    int value = 0;
    if (!node.IsScalar() || !YAML::convert<int>::decode(node, value))
        fail(node, QStringLiteral("%1: \"%2\" is not a whole number").arg(what, valueText(node)));
    if (value < low || value > high)
        fail(node, QStringLiteral("%1: %2 is out of range [%3, %4]")
                       .arg(what)
                       .arg(value)
                       .arg(low)
                       .arg(high));
    return value;
}

const TrainConfigKey *keyInfo(const QString &key)
{
    static const std::vector<TrainConfigKey> keys = trainConfigKeyInfo();
    for (const TrainConfigKey &k : keys)
        if (k.key == key)
            return &k;
    return nullptr;
}

// A value of `key` set on a copy of the base: what is wrong with it, at the node.
void checkValue(const TrainConfig &base, const QString &key, const QString &text,
                const YAML::Node &at)
{
    TrainConfig probe = base;
    const QString problem = setTrainConfigValue(probe, key, text);
    if (!problem.isEmpty())
        fail(at, key + QStringLiteral(": ") + problem);
}

// The config the points start from: `over` (a config given by the caller), or the base: file's,
// or the defaults; then the preset and set: over it.
TrainConfig readBase(const YAML::Node &root, const QString &baseFolder, const TrainConfig *over)
{
    TrainConfig config = over ? *over : TrainConfig{};
    if (const YAML::Node base = root["base"]) {
        if (over)
            fail(base, QStringLiteral("base: the sweep starts from the config given with it"));
        const QString path = QDir(baseFolder).filePath(valueText(base));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            fail(base, QStringLiteral("base: %1: %2").arg(path, file.errorString()));
        QString error;
        const auto parsed = parseTrainConfig(file.readAll(), path, &error);
        if (!parsed)
            fail(base, QStringLiteral("base: ") + error);
        config = *parsed;
    }
    if (const YAML::Node preset = root["preset"]) {
        const int index = trainPresetIndex(valueText(preset));
        if (index < 0) {
            QStringList names;
            for (const TrainPreset &p : trainPresets())
                names << p.name;
            fail(preset, QStringLiteral("preset: no preset \"%1\" (there are: %2)")
                             .arg(valueText(preset), names.join(QStringLiteral(", "))));
        }
        config = applyTrainPreset(trainPresets()[size_t(index)], config);
    }
    if (const YAML::Node set = root["set"]) {
        if (!set.IsMap())
            fail(set, QStringLiteral("set: expected a map of config keys to values"));
        for (const auto &entry : set) {
            const QString key = QString::fromStdString(entry.first.Scalar());
            if (!keyInfo(key))
                fail(entry.first, QStringLiteral("set: unknown key %1").arg(key));
            checkValue(config, key, valueText(entry.second), entry.second);
            setTrainConfigValue(config, key, valueText(entry.second));
        }
    }
    return config;
}

// `key: {low: A, high: B[, count: N][, log: true]}`: a range (count) or a draw (none).
void readSpan(const YAML::Node &node, const TrainConfigKey &info, const TrainConfig &base,
              SweepParameter &p)
{
    const bool numeric = info.kind == TrainConfigKey::Kind::Number ||
                         info.kind == TrainConfigKey::Kind::Integer ||
                         info.kind == TrainConfigKey::Kind::OptionalInteger;
    if (!numeric)
        fail(node, p.key + QStringLiteral(": a range needs a number key; list the values instead"));
    for (const auto &entry : node) {
        const QString name = QString::fromStdString(entry.first.Scalar());
        if (!QStringList{"low", "high", "count", "log"}.contains(name))
            fail(entry.first, QStringLiteral("%1: unknown \"%2\" (allowed: low, high, count, log)")
                                  .arg(p.key, name));
    }
    if (!node["low"] || !node["high"])
        fail(node, p.key + QStringLiteral(": a range needs low: and high:"));
    p.low = number(node["low"], p.key + QStringLiteral(": low"));
    p.high = number(node["high"], p.key + QStringLiteral(": high"));
    p.integer = info.kind != TrainConfigKey::Kind::Number;
    if (const YAML::Node log = node["log"]; log && !YAML::convert<bool>::decode(log, p.log))
        fail(log,
             QStringLiteral("%1: log: \"%2\" is not true or false").arg(p.key, valueText(log)));
    if (!(p.low < p.high))
        fail(node, QStringLiteral("%1: low (%2) must be below high (%3)")
                       .arg(p.key)
                       .arg(p.low)
                       .arg(p.high));
    if (p.log && p.low <= 0)
        fail(node["low"], p.key + QStringLiteral(": a log range needs low above 0"));
    checkValue(base, p.key, valueText(node["low"]), node["low"]);
    checkValue(base, p.key, valueText(node["high"]), node["high"]);
    p.kind = SweepParameter::Kind::Draw;
    if (const YAML::Node count = node["count"]) {
        p.kind = SweepParameter::Kind::Range;
        p.count = wholeNumber(count, p.key + QStringLiteral(": count"), 2, kMaxSweepPoints);
    }
}

SweepParameter readParameter(const YAML::Node &name, const YAML::Node &node,
                             const TrainConfig &base)
{
    SweepParameter p;
    p.key = QString::fromStdString(name.Scalar());
    p.line = name.Mark().line + 1;
    const TrainConfigKey *info = keyInfo(p.key);
    if (!info)
        fail(name, QStringLiteral("parameters: unknown key %1 (a config key such as "
                                  "optimizer.lr; resources/train-default.yaml lists them)")
                       .arg(p.key));
    if (node.IsSequence()) {
        if (node.size() == 0)
            fail(node, p.key + QStringLiteral(": no values (list them, or give a range: low, "
                                              "high, count)"));
        for (const YAML::Node &value : node) {
            checkValue(base, p.key, valueText(value), value);
            if (p.values.contains(valueText(value)))
                fail(value, QStringLiteral("%1: %2 is listed twice").arg(p.key, valueText(value)));
            p.values << valueText(value);
        }
    } else if (node.IsMap()) {
        readSpan(node, *info, base, p);
    } else {
        fail(node, p.key + QStringLiteral(": expected a list of values, or {low:, high:, count:}"));
    }
    return p;
}

// The rungs must come before the last epoch: the base's, unless train.epochs is swept (then
// expandSweep checks each point's).
EarlyStopRule readEarlyStop(const YAML::Node &node, int epochs,
                            const std::vector<SweepParameter> &parameters)
{
    const bool epochsVary = std::any_of(parameters.begin(), parameters.end(), [](const auto &p) {
        return p.key == QLatin1String("train.epochs");
    });
    EarlyStopRule rule;
    if (!node.IsMap() || !node["rungs"] || !node["rungs"].IsSequence() || node["rungs"].size() == 0)
        fail(node, QStringLiteral("early_stop: expected rungs: [epoch, ...] and keep: share"));
    for (const auto &entry : node) {
        const QString name = QString::fromStdString(entry.first.Scalar());
        if (name != QLatin1String("rungs") && name != QLatin1String("keep"))
            fail(entry.first,
                 QStringLiteral("early_stop: unknown \"%1\" (allowed: rungs, keep)").arg(name));
    }
    for (const YAML::Node &rung : node["rungs"]) {
        const int epoch = wholeNumber(rung, QStringLiteral("early_stop: rungs"), 1, 100000);
        if (!rule.rungs.empty() && epoch <= rule.rungs.back())
            fail(rung, QStringLiteral("early_stop: rungs must increase"));
        if (!epochsVary && epoch >= epochs)
            fail(rung,
                 QStringLiteral("early_stop: rung %1 is not before the last epoch (train.epochs "
                                "is %2)")
                     .arg(epoch)
                     .arg(epochs));
        rule.rungs.push_back(epoch);
    }
    if (const YAML::Node keep = node["keep"]) {
        rule.keep = number(keep, QStringLiteral("early_stop: keep"));
        if (rule.keep <= 0 || rule.keep >= 1)
            fail(keep, QStringLiteral("early_stop: keep is the share kept at each rung, between 0 "
                                      "and 1 (0.33: the best third)"));
    }
    return rule;
}

qint64 gridSize(const std::vector<SweepParameter> &parameters)
{
    qint64 points = 1;
    for (const SweepParameter &p : parameters)
        points = std::min<qint64>(
            points * (p.kind == SweepParameter::Kind::Range ? p.count : p.values.size()),
            qint64(1) << 40);
    return points;
}

void readMethod(const YAML::Node &root, SweepSpec &spec)
{
    const QString method = root["method"] ? valueText(root["method"]) : QStringLiteral("grid");
    if (method != QLatin1String("grid") && method != QLatin1String("random"))
        fail(root["method"], QStringLiteral("method: \"%1\" is not grid or random").arg(method));
    spec.random = method == QLatin1String("random");
    if (spec.random) {
        if (!root["runs"])
            fail(root["method"], QStringLiteral("method: random needs runs: N"));
        spec.runs = wholeNumber(root["runs"], QStringLiteral("runs"), 1, kMaxSweepPoints);
        if (const YAML::Node seed = root["seed"])
            spec.seed = quint64(wholeNumber(seed, QStringLiteral("seed"), 0, 2147483647));
        return;
    }
    if (root["seed"])
        fail(root["seed"], QStringLiteral("seed: only for method: random (a grid draws nothing)"));
    if (root["runs"])
        fail(root["runs"], QStringLiteral("runs: only for method: random (a grid has one run per "
                                          "point)"));
    for (const SweepParameter &p : spec.parameters)
        if (p.kind == SweepParameter::Kind::Draw)
            fail(root["parameters"][p.key.toStdString()],
                 p.key + QStringLiteral(": a grid needs count: N here (or method: random)"));
    const qint64 points = gridSize(spec.parameters);
    if (points > kMaxSweepPoints)
        fail(root["parameters"], QStringLiteral("parameters: the grid has %1 points, more than %2; "
                                                "fewer values, or method: random with runs: N")
                                     .arg(points)
                                     .arg(kMaxSweepPoints));
}

// `folds: K`: the sweep sets each run's split.folds and split.fold, so neither may be swept, and
// the points times their folds must stay within the limit.
void readFolds(const YAML::Node &root, SweepSpec &spec)
{
    const YAML::Node folds = root["folds"];
    if (!folds)
        return;
    spec.folds = wholeNumber(folds, QStringLiteral("folds"), 2, kMaxSweepFolds);
    for (const SweepParameter &p : spec.parameters)
        if (p.key == QLatin1String("split.folds") || p.key == QLatin1String("split.fold"))
            fail(root["parameters"][p.key.toStdString()],
                 p.key + QStringLiteral(": set by folds: (each point trains every fold); remove "
                                        "one of the two"));
    if (spec.base.split.folds != 0 && spec.base.split.folds != spec.folds)
        fail(folds, QStringLiteral("folds: %1, but the base config has split.folds: %2; remove "
                                   "one of the two")
                        .arg(spec.folds)
                        .arg(spec.base.split.folds));
    const qint64 points = spec.random ? spec.runs : gridSize(spec.parameters);
    if (points * spec.folds > kMaxSweepPoints)
        fail(folds, QStringLiteral("folds: %1 points of %2 folds are %3 runs, more than %4; fewer "
                                   "points or folds")
                        .arg(points)
                        .arg(spec.folds)
                        .arg(points * spec.folds)
                        .arg(kMaxSweepPoints));
}

SweepSpec readSpec(const YAML::Node &root, const QString &source, const QString &baseFolder,
                   const TrainConfig *over)
{
    if (!root.IsMap())
        fail(root, QStringLiteral("expected a map with parameters: (and base:, set:, method:)"));
    for (const auto &entry : root) {
        const QString key = QString::fromStdString(entry.first.Scalar());
        if (!kTopKeys.contains(key))
            fail(entry.first,
                 QStringLiteral("unknown key \"%1\" (allowed: %2)").arg(key, kTopKeys.join(", ")));
    }
    SweepSpec spec;
    spec.source = source;
    spec.name = root["name"] ? valueText(root["name"]) : QFileInfo(source).completeBaseName();
    if (!QRegularExpression(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))
             .match(spec.name)
             .hasMatch())
        fail(root["name"] ? root["name"] : root,
             QStringLiteral("name: \"%1\" must be letters, digits, '.', '_' or '-' (it names the "
                            "runs' folders)")
                 .arg(spec.name));
    spec.base = readBase(root, baseFolder, over);
    const YAML::Node parameters = root["parameters"];
    if (!parameters || !parameters.IsMap() || parameters.size() == 0)
        fail(parameters ? parameters : root, QStringLiteral("parameters: nothing to vary"));
    for (const auto &entry : parameters) {
        SweepParameter p = readParameter(entry.first, entry.second, spec.base);
        for (const SweepParameter &earlier : spec.parameters)
            if (earlier.key == p.key)
                fail(entry.first, QStringLiteral("%1: varied twice (also on line %2)")
                                      .arg(p.key)
                                      .arg(earlier.line));
        spec.parameters.push_back(p);
    }
    readMethod(root, spec);
    readFolds(root, spec);
    if (const YAML::Node earlyStop = root["early_stop"])
        spec.earlyStop = readEarlyStop(earlyStop, spec.base.train.epochs, spec.parameters);
    return spec;
}

std::optional<SweepSpec> parse(const QByteArray &yaml, const QString &source,
                               const QString &baseFolder, const TrainConfig *over, QString *error)
{
    try {
        return readSpec(YAML::Load(yaml.toStdString()), source, baseFolder, over);
    } catch (const SweepError &e) {
        *error = QStringLiteral("%1: line %2: %3").arg(source).arg(e.line).arg(e.message);
    } catch (const YAML::Exception &e) {
        *error = QStringLiteral("%1: %2").arg(source, describeYamlError(e));
    }
    return std::nullopt;
}

} // namespace

std::optional<SweepSpec> parseSweepFile(const QByteArray &yaml, const QString &source,
                                        const QString &baseFolder, QString *error)
{
    return parse(yaml, source, baseFolder, nullptr, error);
}

std::optional<SweepSpec> parseSweepOver(const QByteArray &yaml, const TrainConfig &base,
                                        const QString &source, QString *error)
{
    return parse(yaml, source, QString(), &base, error);
}

std::optional<SweepSpec> readSweepFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return parseSweepFile(file.readAll(), path, QFileInfo(path).absolutePath(), error);
}

} // namespace masklab
