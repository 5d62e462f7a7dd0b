#pragma once
// The building blocks of the training configuration's key table (internal to trainconfig.cpp
// and trainconfigkeys.cpp): one Field per documented key, knowing how to read its YAML value and
// to write it back.

#include "trainconfig.h"

#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <functional>
#include <vector>

namespace masklab::config {

using Parse = std::function<QString(const YAML::Node &, TrainConfig &)>;
using Emit = std::function<void(YAML::Emitter &, const TrainConfig &)>;

// One documented key: how to read it (returning what is wrong, or nothing) and to write it.
struct Field
{
    QString key; // "section.name"
    Parse parse;
    Emit write;
    TrainConfigKey info; // for editors; info.key is filled in by the table
};

// The shortest text that reads back as the same number: 0.485, not 0.48499999999999999.
inline std::string numberText(double value)
{
    for (int digits = 6; digits < 17; ++digits) {
        const QString text = QString::number(value, 'g', digits);
        if (text.toDouble() == value)
            return text.toStdString();
    }
    return QString::number(value, 'g', 17).toStdString();
}
inline std::string numberText(int value)
{
    return std::to_string(value);
}

inline QString scalarText(const YAML::Node &node)
{
    return node.IsScalar() ? QString::fromStdString(node.Scalar())
                           : QStringLiteral("(a list or map)");
}

template <typename T>
Field numberField(const char *key, std::function<T &(TrainConfig &)> at, T lo, T hi,
                  bool openLow = false)
{
    Field f;
    f.key = QString::fromLatin1(key);
    f.parse = [at, lo, hi, openLow](const YAML::Node &node, TrainConfig &c) -> QString {
        T value{};
        if (!node.IsScalar() || !YAML::convert<T>::decode(node, value))
            return QStringLiteral("\"%1\" is not %2")
                .arg(scalarText(node), std::is_integral_v<T> ? QStringLiteral("a whole number")
                                                             : QStringLiteral("a number"));
        if (value < lo || value > hi || (openLow && value == lo))
            return QStringLiteral("%1 is out of range %2%3, %4]")
                .arg(scalarText(node), openLow ? QStringLiteral("(") : QStringLiteral("["))
                .arg(lo)
                .arg(hi);
        at(c) = value;
        return {};
    };
    f.write = [at](YAML::Emitter &out, const TrainConfig &c) {
        out << numberText(at(const_cast<TrainConfig &>(c)));
    };
    f.info.kind =
        std::is_integral_v<T> ? TrainConfigKey::Kind::Integer : TrainConfigKey::Kind::Number;
    f.info.low = double(lo);
    f.info.high = double(hi);
    return f;
}

template <typename E>
Field enumField(const char *key, std::function<E &(TrainConfig &)> at, QStringList names)
{
    Field f;
    f.key = QString::fromLatin1(key);
    f.parse = [at, names](const YAML::Node &node, TrainConfig &c) -> QString {
        const int index = node.IsScalar() ? int(names.indexOf(scalarText(node))) : -1;
        if (index < 0)
            return QStringLiteral("\"%1\" is not one of %2")
                .arg(scalarText(node), names.join(QStringLiteral(", ")));
        at(c) = static_cast<E>(index);
        return {};
    };
    f.write = [at, names](YAML::Emitter &out, const TrainConfig &c) {
        out << names[int(at(const_cast<TrainConfig &>(c)))].toStdString();
    };
    f.info.kind = TrainConfigKey::Kind::Choice;
    f.info.choices = names;
    return f;
}

inline Field boolField(const char *key, std::function<bool &(TrainConfig &)> at)
{
    Field f;
    f.key = QString::fromLatin1(key);
    f.parse = [at](const YAML::Node &node, TrainConfig &c) -> QString {
        bool value = false;
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
            return QStringLiteral("\"%1\" is not true or false").arg(scalarText(node));
        at(c) = value;
        return {};
    };
    f.write = [at](YAML::Emitter &out, const TrainConfig &c) {
        out << at(const_cast<TrainConfig &>(c));
    };
    f.info.kind = TrainConfigKey::Kind::Flag;
    return f;
}

inline Field stringField(const char *key, std::function<QString &(TrainConfig &)> at)
{
    Field f;
    f.key = QString::fromLatin1(key);
    f.parse = [at](const YAML::Node &node, TrainConfig &c) -> QString {
        if (node.IsNull()) {
            at(c).clear();
            return {};
        }
        if (!node.IsScalar())
            return QStringLiteral("expected text, got a list or map");
        at(c) = scalarText(node);
        return {};
    };
    f.write = [at](YAML::Emitter &out, const TrainConfig &c) {
        out << at(const_cast<TrainConfig &>(c)).toStdString();
    };
    f.info.kind = TrainConfigKey::Kind::Text;
    return f;
}

inline Field optionalIntField(const char *key,
                              std::function<std::optional<int> &(TrainConfig &)> at, int lo, int hi)
{
    Field f = numberField<int>(
        key, [at](TrainConfig &c) -> int & { return at(c).emplace(); }, lo, hi);
    const Parse parse = f.parse;
    f.parse = [at, parse](const YAML::Node &node, TrainConfig &c) -> QString {
        if (node.IsNull()) {
            at(c).reset();
            return {};
        }
        const std::optional<int> before = at(c);
        const QString problem = parse(node, c);
        if (!problem.isEmpty())
            at(c) = before;
        return problem;
    };
    f.write = [at](YAML::Emitter &out, const TrainConfig &c) {
        const auto &value = at(const_cast<TrainConfig &>(c));
        if (value)
            out << *value;
        else
            out << YAML::Null;
    };
    f.info.kind = TrainConfigKey::Kind::OptionalInteger;
    return f;
}

// A list of exactly `count` numbers in [lo, hi] (count 0: any length); [] means unset.
template <typename T>
Field listField(const char *key, std::function<std::vector<T>(TrainConfig &)> get,
                std::function<void(TrainConfig &, const std::vector<T> &)> set, size_t count, T lo,
                T hi)
{
    Field f;
    f.key = QString::fromLatin1(key);
    f.parse = [set, count, lo, hi](const YAML::Node &node, TrainConfig &c) -> QString {
        std::vector<T> values;
        if (!node.IsSequence() || !YAML::convert<std::vector<T>>::decode(node, values))
            return QStringLiteral("expected a list of numbers, like [1, 2, 3]");
        if (count && !values.empty() && values.size() != count) // [] = unset
            return QStringLiteral("needs %1 values, got %2").arg(count).arg(values.size());
        for (T v : values) {
            if (v < lo || v > hi)
                return QStringLiteral("%1 is out of range [%2, %3]").arg(v).arg(lo).arg(hi);
        }
        set(c, values);
        return {};
    };
    f.write = [get](YAML::Emitter &out, const TrainConfig &c) {
        out << YAML::Flow << YAML::BeginSeq;
        for (T v : get(const_cast<TrainConfig &>(c)))
            out << numberText(v);
        out << YAML::EndSeq;
    };
    f.info.kind = TrainConfigKey::Kind::List;
    return f;
}

// Every documented key, in the order of resources/train-default.yaml (trainconfigkeys.cpp).
const std::vector<Field> &fields();

} // namespace masklab::config
