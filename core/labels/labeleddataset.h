#pragma once
// The effective labels: the scanned dataset with the relabel overlay applied. Everything that
// reads labels (browser, EDA, trainer, exports) reads them here, never from Person directly.

#include "dataset.h"
#include "labeloverlay.h"

#include <QHash>

#include <memory>

namespace masklab {

class LabeledDataset
{
public:
    LabeledDataset();
    explicit LabeledDataset(std::shared_ptr<const Dataset> dataset, LabelOverlay overlay = {});

    const Dataset &dataset() const { return *m_dataset; }
    std::shared_ptr<const Dataset> sharedDataset() const { return m_dataset; }
    const LabelOverlay &overlay() const { return m_overlay; }

    int personCount() const { return int(m_dataset->persons.size()); }
    const Person &person(int index) const { return m_dataset->persons[size_t(index)]; }
    int indexOf(const QString &folder) const; // -1 when absent

    Gender gender(int index) const;
    int age(int index) const;
    QString race(int index) const;
    MaskState mask(int index, int slot) const;
    bool excluded(int index, int slot) const;
    ClassLabel label(int index, int slot, const AgeThresholds &thresholds) const;
    bool isEdited(int index) const;
    bool isEdited(int index, int slot) const; // the photo's mask or exclusion was changed

    // Generic access by field, in the overlay's canonical text ("female", "45", "normal").
    QString value(int index, int slot, EditField field) const;
    QString originalValue(int index, int slot, EditField field) const;
    // Sets an effective value; setting the original value removes the edit. Returns true when
    // something changed. Invalid values are refused (false).
    bool setValue(int index, int slot, EditField field, const QString &value);

    bool setGender(int index, Gender gender);
    bool setAge(int index, int age);
    bool setMask(int index, int slot, MaskState mask);
    bool setExcluded(int index, int slot, bool excluded);

    // Edits whose folder is not in this dataset: kept and saved, but not applied.
    QStringList orphanedFolders() const;

private:
    std::optional<FieldEdit> edit(int index, int slot, EditField field) const;

    std::shared_ptr<const Dataset> m_dataset;
    LabelOverlay m_overlay;
    QHash<QString, int> m_indexOfFolder;
};

QString canonicalValue(Gender gender);
QString canonicalValue(MaskState mask);
QString canonicalValue(bool excluded);

} // namespace masklab
