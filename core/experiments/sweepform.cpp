#include "sweepform.h"

#include <QStringList>

#include <yaml-cpp/yaml.h>

namespace masklab {

namespace {

// A value as a YAML scalar: quoted only where YAML needs it ("a: b", "#", a leading "[").
std::string scalar(const QString &text)
{
    YAML::Emitter out;
    out << text.trimmed().toStdString();
    return out.c_str();
}

// "a, b" -> "[a, b]"
std::string flowList(const QString &text)
{
    std::string list = "[";
    const QStringList items = text.split(u',', Qt::SkipEmptyParts);
    for (int i = 0; i < items.size(); ++i)
        list += (i ? ", " : "") + scalar(items[i]);
    return list + "]";
}

std::string rangeMap(const SweepFormRow &row)
{
    std::string map = "{low: " + scalar(row.low) + ", high: " + scalar(row.high);
    if (!row.count.trimmed().isEmpty())
        map += ", count: " + scalar(row.count);
    if (row.log)
        map += ", log: true";
    return map + "}";
}

} // namespace

QByteArray sweepFileText(const SweepForm &form, const QString &baseFile, std::vector<int> *rowLines)
{
    std::vector<std::string> lines;
    lines.push_back("name: " + scalar(form.name));
    if (!baseFile.isEmpty())
        lines.push_back("base: " + scalar(baseFile));
    lines.push_back(form.random ? "method: random" : "method: grid");
    if (form.random) {
        lines.push_back("runs: " + std::to_string(form.runs));
        lines.push_back("seed: " + std::to_string(form.seed));
    }
    if (form.folds >= 2)
        lines.push_back("folds: " + std::to_string(form.folds));
    if (form.earlyStop) {
        lines.push_back("early_stop:");
        lines.push_back("  rungs: " + flowList(form.rungs));
        // Not std::to_string: it follows the C locale, "0,33" where a comma is the decimal mark.
        lines.push_back("  keep: " + QString::number(form.keep, 'g', 6).toStdString());
    }
    lines.push_back("parameters:");
    if (rowLines)
        rowLines->assign(form.rows.size(), 0);
    for (size_t i = 0; i < form.rows.size(); ++i) {
        const SweepFormRow &row = form.rows[i];
        if (row.key.trimmed().isEmpty())
            continue;
        const std::string value =
            row.values.trimmed().isEmpty() ? rangeMap(row) : flowList(row.values);
        lines.push_back("  " + scalar(row.key) + ": " + value);
        if (rowLines)
            (*rowLines)[i] = int(lines.size());
    }
    std::string text;
    for (const std::string &line : lines)
        text += line + "\n";
    return QByteArray::fromStdString(text);
}

} // namespace masklab
