#include "labeloverlay.h"
#include "yamlerror.h"

#include <yaml-cpp/yaml.h>

namespace masklab {

namespace {
constexpr EditField kPersonFields[] = {EditField::Gender, EditField::Age, EditField::Race};
constexpr EditField kPhotoFields[] = {EditField::Mask, EditField::Excluded};

std::optional<EditField> parseField(const std::string &name)
{
    for (EditField f : {EditField::Gender, EditField::Age, EditField::Race, EditField::Mask,
                        EditField::Excluded}) {
        if (editFieldName(f).toStdString() == name)
            return f;
    }
    return std::nullopt;
}

QString at(const YAML::Node &node)
{
    return QStringLiteral("line %1").arg(node.Mark().line + 1);
}

void emitEdit(YAML::Emitter &out, EditField field, const FieldEdit &edit)
{
    out << YAML::Key << editFieldName(field).toStdString() << YAML::Value << YAML::Flow
        << YAML::BeginMap;
    out << YAML::Key << "from" << YAML::Value << edit.from.toStdString();
    out << YAML::Key << "to" << YAML::Value << edit.to.toStdString();
    out << YAML::Key << "time" << YAML::Value
        << edit.time.toUTC().toString(Qt::ISODate).toStdString();
    out << YAML::EndMap;
}
} // namespace

QString editFieldName(EditField field)
{
    switch (field) {
    case EditField::Gender:
        return QStringLiteral("gender");
    case EditField::Age:
        return QStringLiteral("age");
    case EditField::Race:
        return QStringLiteral("race");
    case EditField::Mask:
        return QStringLiteral("mask");
    case EditField::Excluded:
        return QStringLiteral("excluded");
    }
    return {};
}

bool isValidFieldValue(EditField field, const QString &value)
{
    switch (field) {
    case EditField::Gender:
        return parseGender(value).has_value();
    case EditField::Age: {
        bool ok = false;
        const int age = value.toInt(&ok);
        return ok && age >= 0 && age <= 130;
    }
    case EditField::Race:
        return !value.trimmed().isEmpty();
    case EditField::Mask:
        return parseMaskState(value).has_value();
    case EditField::Excluded:
        return value == QLatin1String("true") || value == QLatin1String("false");
    }
    return false;
}

bool isPhotoField(EditField field)
{
    return field == EditField::Mask || field == EditField::Excluded;
}

bool PersonEdits::isEmpty() const
{
    return count() == 0;
}

int PersonEdits::count() const
{
    int n = (gender ? 1 : 0) + (age ? 1 : 0) + (race ? 1 : 0);
    for (int slot = 0; slot < kPhotoSlotCount; ++slot)
        n += (mask[size_t(slot)] ? 1 : 0) + (excluded[size_t(slot)] ? 1 : 0);
    return n;
}

std::optional<FieldEdit> &PersonEdits::field(EditField f, int slot)
{
    switch (f) {
    case EditField::Gender:
        return gender;
    case EditField::Age:
        return age;
    case EditField::Race:
        return race;
    case EditField::Mask:
        return mask[size_t(slot)];
    case EditField::Excluded:
        break;
    }
    return excluded[size_t(slot)];
}

const std::optional<FieldEdit> &PersonEdits::field(EditField f, int slot) const
{
    return const_cast<PersonEdits *>(this)->field(f, slot);
}

bool LabelOverlay::set(const QString &folder, int slot, EditField field, const QString &original,
                       const QString &value, const QDateTime &time)
{
    if (isPhotoField(field) && (slot < 0 || slot >= kPhotoSlotCount))
        return false;
    auto it = m_persons.find(folder);
    if (value == original) {
        if (it == m_persons.end() || !it->field(field, slot))
            return false;
        it->field(field, slot).reset();
        if (it->isEmpty())
            m_persons.erase(it);
        return true;
    }
    if (it == m_persons.end())
        it = m_persons.insert(folder, PersonEdits{});
    std::optional<FieldEdit> &edit = it->field(field, slot);
    if (edit && edit->to == value && edit->from == original)
        return false;
    edit = FieldEdit{original, value, time};
    return true;
}

const PersonEdits *LabelOverlay::find(const QString &folder) const
{
    const auto it = m_persons.constFind(folder);
    return it == m_persons.constEnd() ? nullptr : &it.value();
}

std::optional<FieldEdit> LabelOverlay::find(const QString &folder, int slot, EditField field) const
{
    const PersonEdits *edits = find(folder);
    if (!edits || (isPhotoField(field) && (slot < 0 || slot >= kPhotoSlotCount)))
        return std::nullopt;
    return edits->field(field, slot);
}

int LabelOverlay::editCount() const
{
    int n = 0;
    for (const PersonEdits &edits : m_persons)
        n += edits.count();
    return n;
}

std::vector<EditRow> LabelOverlay::rows() const
{
    std::vector<EditRow> rows;
    for (auto it = m_persons.constBegin(); it != m_persons.constEnd(); ++it) {
        for (EditField f : kPersonFields) {
            if (const auto &edit = it->field(f, 0))
                rows.push_back({it.key(), -1, f, *edit});
        }
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            for (EditField f : kPhotoFields) {
                if (const auto &edit = it->field(f, slot))
                    rows.push_back({it.key(), slot, f, *edit});
            }
        }
    }
    return rows;
}

bool LabelOverlay::operator==(const LabelOverlay &other) const
{
    const std::vector<EditRow> a = rows();
    const std::vector<EditRow> b = other.rows();
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].folder != b[i].folder || a[i].slot != b[i].slot || a[i].field != b[i].field ||
            a[i].edit.from != b[i].edit.from || a[i].edit.to != b[i].edit.to)
            return false;
    }
    return true;
}

QByteArray LabelOverlay::toYaml(const QString &datasetRoot) const
{
    YAML::Emitter out;
    out << YAML::Comment("MaskLab relabel overlay: the dataset folder itself is never changed.\n"
                         "persons: <folder>: {gender|age|race: {from, to, time}}\n"
                         "photos: <folder>/<photo>: {mask|excluded: {from, to, time}}");
    out << YAML::BeginMap;
    out << YAML::Key << "version" << YAML::Value << 1;
    out << YAML::Key << "dataset" << YAML::Value << datasetRoot.toStdString();
    out << YAML::Key << "persons" << YAML::Value << YAML::BeginMap;
    for (auto it = m_persons.constBegin(); it != m_persons.constEnd(); ++it) {
        if (!it->gender && !it->age && !it->race)
            continue;
        out << YAML::Key << it.key().toStdString() << YAML::Value << YAML::BeginMap;
        for (EditField f : kPersonFields) {
            if (const auto &edit = it->field(f, 0))
                emitEdit(out, f, *edit);
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    out << YAML::Key << "photos" << YAML::Value << YAML::BeginMap;
    for (auto it = m_persons.constBegin(); it != m_persons.constEnd(); ++it) {
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            if (!it->mask[size_t(slot)] && !it->excluded[size_t(slot)])
                continue;
            out << YAML::Key << (it.key() + u'/' + photoSlotStem(slot)).toStdString() << YAML::Value
                << YAML::BeginMap;
            for (EditField f : kPhotoFields) {
                if (const auto &edit = it->field(f, slot))
                    emitEdit(out, f, *edit);
            }
            out << YAML::EndMap;
        }
    }
    out << YAML::EndMap;
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

std::optional<LabelOverlay> LabelOverlay::fromYaml(const QByteArray &yaml, QString *error)
{
    auto fail = [&](const QString &message) -> std::optional<LabelOverlay> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::ParserException &e) {
        return fail(describeYamlError(e));
    }
    if (root.IsNull())
        return LabelOverlay{}; // an empty file is an empty overlay
    if (!root.IsMap())
        return fail(
            QStringLiteral("%1: expected a map with version, persons and photos").arg(at(root)));
    LabelOverlay overlay;
    try {
        for (const auto &entry : root) {
            const std::string key = entry.first.as<std::string>();
            if (key != "version" && key != "dataset" && key != "persons" && key != "photos")
                return fail(QStringLiteral("%1: unknown key \"%2\" (allowed: version, dataset, "
                                           "persons, photos)")
                                .arg(at(entry.first), QString::fromStdString(key)));
        }
        if (!root["version"] || root["version"].as<std::string>() != "1")
            return fail(QStringLiteral("%1: version must be 1").arg(at(root)));

        // Both sections have the same shape: <key>: {<field>: {from, to, time}}.
        auto readSection = [&](const char *section, bool photos) -> QString {
            const YAML::Node node = root[section];
            if (!node || node.IsNull())
                return {};
            if (!node.IsMap())
                return QStringLiteral("%1: %2 must be a map").arg(at(node), QLatin1String(section));
            for (const auto &item : node) {
                QString folder = QString::fromStdString(item.first.as<std::string>());
                int slot = -1;
                if (photos) {
                    const int slash = folder.lastIndexOf(u'/');
                    const auto found =
                        slash > 0 ? photoSlotOfStem(folder.mid(slash + 1)) : std::nullopt;
                    if (!found)
                        return QStringLiteral("%1: \"%2\" is not <folder>/<photo> with a photo "
                                              "of mask1-5, incorrect_mask, normal")
                            .arg(at(item.first), folder);
                    slot = *found;
                    folder = folder.left(slash);
                }
                if (!item.second.IsMap())
                    return QStringLiteral("%1: the edits of %2 must be a map")
                        .arg(at(item.second), folder);
                for (const auto &fieldEntry : item.second) {
                    const std::string name = fieldEntry.first.as<std::string>();
                    const auto field = parseField(name);
                    if (!field || isPhotoField(*field) != photos)
                        return QStringLiteral("%1: unknown field \"%2\" for a %3 (allowed: %4)")
                            .arg(at(fieldEntry.first), QString::fromStdString(name),
                                 photos ? QStringLiteral("photo") : QStringLiteral("person"),
                                 photos ? QStringLiteral("mask, excluded")
                                        : QStringLiteral("gender, age, race"));
                    const YAML::Node value = fieldEntry.second;
                    if (!value.IsMap() || !value["from"] || !value["to"])
                        return QStringLiteral("%1: %2 needs from and to")
                            .arg(at(value), QString::fromStdString(name));
                    FieldEdit edit;
                    edit.from = QString::fromStdString(value["from"].as<std::string>());
                    edit.to = QString::fromStdString(value["to"].as<std::string>());
                    if (value["time"])
                        edit.time = QDateTime::fromString(
                            QString::fromStdString(value["time"].as<std::string>()), Qt::ISODate);
                    for (const QString &v : {edit.from, edit.to}) {
                        if (!isValidFieldValue(*field,
                                               v)) // so a hand edit cannot smuggle in "age: old"
                            return QStringLiteral("%1: \"%2\" is not a valid %3")
                                .arg(at(value), v, QString::fromStdString(name));
                    }
                    overlay.set(folder, slot, *field, edit.from, edit.to, edit.time);
                }
            }
            return {};
        };
        for (const auto &[section, photos] :
             {std::pair{"persons", false}, std::pair{"photos", true}}) {
            const QString problem = readSection(section, photos);
            if (!problem.isEmpty())
                return fail(problem);
        }
    } catch (const YAML::Exception &e) {
        return fail(describeYamlError(e));
    }
    return overlay;
}

} // namespace masklab
