#pragma once
// The browser's filter controls; every option shows how many persons it would match.

#include "personfilter.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace masklab::ui {

class PersonFilterProxy;

class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(PersonFilterProxy *proxy, QWidget *parent = nullptr);

    PersonFilter filter() const;
    void setFilter(const PersonFilter &filter); // e.g. from an EDA chart click
    // Recomputes the counts shown next to the options (after a scan or an edit).
    void refreshCounts();

    QComboBox *genderCombo() const { return m_gender; }
    QComboBox *ageGroupCombo() const { return m_ageGroup; }
    QComboBox *maskCombo() const { return m_mask; }
    QComboBox *classCombo() const { return m_class; }
    QLineEdit *textEdit() const { return m_text; }
    QCheckBox *editedCheck() const { return m_edited; }
    QCheckBox *problemsCheck() const { return m_problems; }
    QLabel *matchLabel() const { return m_matches; }
    QComboBox *sortCombo() const { return m_sort; }

signals:
    void filterChanged();

private:
    void apply();

    PersonFilterProxy *m_proxy;
    QComboBox *m_gender;
    QComboBox *m_ageGroup;
    QSpinBox *m_minAge;
    QSpinBox *m_maxAge;
    QComboBox *m_mask;
    QComboBox *m_class;
    QLineEdit *m_text;
    QCheckBox *m_edited;
    QCheckBox *m_problems;
    QToolButton *m_folderSet; // "Validation: truth 3, predicted 4 (12 persons) x"
    QSet<QString> m_folders;
    QString m_folderSetName;
    QComboBox *m_sort;
    QLabel *m_matches;
    bool m_updating = false;
};

} // namespace masklab::ui
