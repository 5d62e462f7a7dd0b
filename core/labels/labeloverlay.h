#pragma once
// The relabel overlay: every edit a user made to the dataset's labels, with the original value,
// the new value and when. The dataset folder itself is never written; this is saved as YAML in
// the workspace beside it.

#include "dataset.h"

#include <QDateTime>
#include <QMap>
#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace masklab {

enum class EditField
{
    Gender,
    Age,
    Race,
    Mask,
    Excluded
};
QString editFieldName(EditField field); // gender, age, race, mask, excluded
bool isPhotoField(EditField field);     // mask and excluded belong to one photo
// Whether value is a valid canonical value of field ("female", "45", "normal", "true", ...).
bool isValidFieldValue(EditField field, const QString &value);

struct FieldEdit
{
    QString from; // canonical text: "female", "45", "Asian", "incorrect", "true"
    QString to;
    QDateTime time; // UTC
};

struct PersonEdits
{
    std::optional<FieldEdit> gender;
    std::optional<FieldEdit> age;
    std::optional<FieldEdit> race;
    std::array<std::optional<FieldEdit>, kPhotoSlotCount> mask;
    std::array<std::optional<FieldEdit>, kPhotoSlotCount> excluded;

    bool isEmpty() const;
    int count() const;
    // The slot of a field; slot is ignored for person fields.
    std::optional<FieldEdit> &field(EditField field, int slot);
    const std::optional<FieldEdit> &field(EditField field, int slot) const;
};

// One edit as a flat row, for lists and CSV export.
struct EditRow
{
    QString folder;
    int slot = -1; // -1 for person fields
    EditField field = EditField::Gender;
    FieldEdit edit;
};

class LabelOverlay
{
public:
    // Records value for (folder, slot, field). Setting the original value back removes the edit.
    // Returns true when the overlay changed.
    bool set(const QString &folder, int slot, EditField field, const QString &original,
             const QString &value, const QDateTime &time = QDateTime::currentDateTimeUtc());
    const PersonEdits *find(const QString &folder) const;
    std::optional<FieldEdit> find(const QString &folder, int slot, EditField field) const;

    bool isEmpty() const { return m_persons.isEmpty(); }
    int editCount() const;
    int personCount() const { return int(m_persons.size()); }
    QStringList folders() const { return m_persons.keys(); }
    std::vector<EditRow> rows() const; // sorted by folder, then person fields, then photos
    void clear() { m_persons.clear(); }

    bool operator==(const LabelOverlay &other) const;

    // YAML text; the layout is documented at the top of the file it writes.
    QByteArray toYaml(const QString &datasetRoot) const;
    // Parses YAML text; on failure nothing is returned and error names the line and reason.
    static std::optional<LabelOverlay> fromYaml(const QByteArray &yaml, QString *error);

private:
    QMap<QString, PersonEdits> m_persons;
};

} // namespace masklab
