#pragma once
// The side panel for the current person: labels as editable fields (through the undo stack),
// the current photo and what the scan found.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace masklab::ui {

class LabelSession;

class PersonDetails : public QWidget
{
    Q_OBJECT
public:
    explicit PersonDetails(QWidget *parent = nullptr);

    void setSession(LabelSession *session);
    void showPerson(int person, int slot); // person -1: nothing
    int person() const { return m_person; }
    QSpinBox *ageBox() const { return m_age; }
    QComboBox *genderBox() const { return m_gender; }

private:
    void refresh();
    void commitAge();
    void commitRace();

    LabelSession *m_session = nullptr;
    int m_person = -1;
    int m_slot = -1;
    bool m_refreshing = false;
    QLabel *m_folder;
    QLabel *m_id;
    QComboBox *m_gender;
    QSpinBox *m_age;
    QLabel *m_group;
    QLineEdit *m_race;
    QLabel *m_photo;
    QLabel *m_findings;
};

} // namespace masklab::ui
