#include "trainconfig.h"

#include "configfields.h"
#include "pretrainedweights.h"
#include "yamlerror.h"

#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <functional>

namespace masklab {

namespace {

using namespace config;

const Field *findField(const QString &key)
{
    for (const Field &f : fields()) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

QString allowedIn(const QString &section)
{
    QStringList names;
    for (const Field &f : fields()) {
        if (f.key.section(u'.', 0, 0) == section)
            names << f.key.section(u'.', 1);
    }
    return names.join(QStringLiteral(", "));
}

} // namespace

// Rules between keys, checked after every change.
QString checkTrainConfig(const TrainConfig &c)
{
    if (c.split.folds == 1)
        return QStringLiteral("split.folds: 1 is not allowed (0 for a holdout split, or 2..20)");
    if (c.split.folds >= 2 && c.split.fold >= c.split.folds)
        return QStringLiteral("split.fold: %1 must be below split.folds (%2)")
            .arg(c.split.fold)
            .arg(c.split.folds);
    if (!c.split.foldsFile.isEmpty() && c.split.folds < 2)
        return QStringLiteral("split.folds_file: needs split.folds (2..20), the number of folds "
                              "the file assigns");
    if (c.loss.classWeights == LossConfig::ClassWeights::Custom &&
        c.loss.customWeights.size() != size_t(kClassCount))
        return QStringLiteral(
            "loss.custom_weights: class_weights is custom, so 18 weights are needed");
    if (c.model.pretrained == QLatin1String(kImageNetPretrained) &&
        !imageNetWeightsFor(c.model.architecture))
        return QStringLiteral("model.pretrained: imagenet weights exist for %1; small_cnn trains "
                              "from scratch")
            .arg(imageNetArchitectures());
    if (c.model.freezeBackboneEpochs > 0 && c.model.pretrained.isEmpty())
        return QStringLiteral("model.pretrained: freeze_backbone_epochs needs pretrained weights "
                              "(a torchvision state dict file)");
    if (c.model.ageHead == ModelConfig::AgeHead::Years && c.model.head != ModelConfig::Head::Multi)
        return QStringLiteral("model.age_head: years needs head: multi (an age head of its own)");
    if (c.data.ageMiddleFrom && c.data.ageOldFrom && *c.data.ageOldFrom <= *c.data.ageMiddleFrom)
        return QStringLiteral("data.age_old_from: %1 must be above data.age_middle_from (%2)")
            .arg(*c.data.ageOldFrom)
            .arg(*c.data.ageMiddleFrom);
    return {};
}

QStringList trainConfigKeys()
{
    QStringList keys;
    for (const Field &f : fields())
        keys << f.key;
    return keys;
}

std::optional<TrainConfig> parseTrainConfig(const QByteArray &yaml, const QString &source,
                                            QString *error)
{
    auto fail = [&](int line, const QString &message) -> std::optional<TrainConfig> {
        *error = line > 0 ? QStringLiteral("%1: line %2: %3").arg(source).arg(line).arg(message)
                          : QStringLiteral("%1: %2").arg(source, message);
        return std::nullopt;
    };
    TrainConfig config;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (root.IsNull())
            return config;
        if (!root.IsMap())
            return fail(root.Mark().line + 1,
                        QStringLiteral("expected sections like data:, model:, train:"));
        for (const auto &section : root) {
            const QString name = QString::fromStdString(section.first.as<std::string>());
            const QString allowed = allowedIn(name);
            if (allowed.isEmpty())
                return fail(
                    section.first.Mark().line + 1,
                    QStringLiteral("unknown section \"%1\" (allowed: data, split, model, loss, "
                                   "optimizer, scheduler, train, augment)")
                        .arg(name));
            if (section.second.IsNull())
                continue;
            if (!section.second.IsMap())
                return fail(section.second.Mark().line + 1,
                            QStringLiteral("%1 must be a map of keys").arg(name));
            for (const auto &entry : section.second) {
                const QString key =
                    name + u'.' + QString::fromStdString(entry.first.as<std::string>());
                const Field *field = findField(key);
                if (!field)
                    return fail(entry.first.Mark().line + 1,
                                QStringLiteral("unknown key %1 (allowed in %2: %3)")
                                    .arg(key, name, allowed));
                const QString problem = field->parse(entry.second, config);
                if (!problem.isEmpty())
                    return fail(entry.second.Mark().line + 1, key + QStringLiteral(": ") + problem);
            }
        }
    } catch (const YAML::Exception &e) {
        return fail(yamlErrorLine(e), yamlErrorReason(e));
    }
    const QString problem = checkTrainConfig(config);
    if (!problem.isEmpty())
        return fail(0, problem);
    return config;
}

std::optional<TrainConfig> parseRunConfig(const QByteArray &yaml, const QString &source,
                                          QString *error)
{
    std::optional<TrainConfig> config = parseTrainConfig(yaml, source, error);
    if (config) { // it parsed above: no YAML exception here
        // Not const: operator[] of a const node throws on a missing key; this one reads null.
        YAML::Node root = YAML::Load(yaml.toStdString());
        const YAML::Node scheduler = root["scheduler"];
        if (!scheduler.IsMap() || !scheduler["interval"])
            config->scheduler.interval = SchedulerConfig::Interval::Epoch;
        const YAML::Node model = root["model"];
        if (!model.IsMap() || !model["age_head"])
            config->model.ageHead = ModelConfig::AgeHead::Groups;
    }
    return config;
}

std::vector<TrainConfigKey> trainConfigKeyInfo()
{
    std::vector<TrainConfigKey> keys;
    for (const Field &f : fields())
        keys.push_back(f.info);
    return keys;
}

QString trainConfigValue(const TrainConfig &config, const QString &key)
{
    const Field *field = findField(key);
    if (!field)
        return {};
    YAML::Emitter out;
    out << YAML::Flow;
    field->write(out, config);
    const QString text = QString::fromUtf8(out.c_str());
    if (field->info.kind == TrainConfigKey::Kind::Text) // the text itself, not its YAML quoting
        return QString::fromStdString(YAML::Load(out.c_str()).as<std::string>(""));
    return text;
}

QString setTrainConfigValue(TrainConfig &config, const QString &key, const QString &text)
{
    const Field *field = findField(key);
    if (!field)
        return QStringLiteral("unknown key %1").arg(key);
    TrainConfig changed = config;
    try {
        const YAML::Node node = field->info.kind == TrainConfigKey::Kind::Text
                                    ? YAML::Node(text.toStdString())
                                    : YAML::Load(text.toStdString());
        const QString problem = field->parse(node, changed);
        if (!problem.isEmpty())
            return problem;
    } catch (const YAML::Exception &e) {
        return yamlErrorReason(e);
    }
    config = changed;
    return {};
}

bool applyConfigOverride(TrainConfig &config, const QString &assignment, QString *error)
{
    const int equals = assignment.indexOf(u'=');
    const QString key = assignment.left(equals).trimmed();
    if (equals <= 0 || !findField(key)) {
        *error = equals <= 0 ? QStringLiteral("--set %1: expected key=value").arg(assignment)
                             : QStringLiteral("--set: unknown key %1 (allowed: %2)")
                                   .arg(key, trainConfigKeys().join(QStringLiteral(", ")));
        return false;
    }
    QString value = assignment.mid(equals + 1);
    if (findField(key)->info.kind == TrainConfigKey::Kind::Text) { // --set is YAML: unquote
        try {
            const YAML::Node node = YAML::Load(value.toStdString());
            if (node.IsNull() || node.IsScalar())
                value = QString::fromStdString(node.IsNull() ? std::string() : node.Scalar());
        } catch (const YAML::Exception &) { // not YAML: take the text as it is
        }
    }
    TrainConfig changed = config;
    QString problem = setTrainConfigValue(changed, key, value);
    if (problem.isEmpty())
        problem = checkTrainConfig(changed);
    if (!problem.isEmpty()) {
        *error = QStringLiteral("--set %1: %2").arg(key, problem);
        return false;
    }
    config = changed;
    return true;
}

QByteArray trainConfigToYaml(const TrainConfig &config)
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    QString section;
    for (const Field &f : fields()) {
        const QString s = f.key.section(u'.', 0, 0);
        if (s != section) {
            if (!section.isEmpty())
                out << YAML::EndMap;
            out << YAML::Key << s.toStdString() << YAML::Value << YAML::BeginMap;
            section = s;
        }
        out << YAML::Key << f.key.section(u'.', 1).toStdString() << YAML::Value;
        f.write(out, config);
    }
    out << YAML::EndMap << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace masklab
