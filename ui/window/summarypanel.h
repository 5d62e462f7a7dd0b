#pragma once
// What was scanned, in numbers: persons, photos, eval images, findings.

#include <QWidget>

class QLabel;

namespace masklab {
struct AgeThresholds;
class LabeledDataset;
struct ScanResult;
} // namespace masklab

namespace masklab::ui {

class SummaryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SummaryPanel(QWidget *parent = nullptr);

    // The scan: the persons counted as the CSV says, at the default age groups, until
    // showLabels says how they are labelled now.
    void showResult(const ScanResult &result);
    // Persons by gender and age group as labelled now (relabels, the workspace's age groups).
    void showLabels(const LabeledDataset &labels, const AgeThresholds &thresholds);
    void clear(const QString &message);
    QString text() const; // all values, for tests
    // The label-error finder's open suspects (total 0: no finder run yet).
    void setSuspectCount(int open, int total);
    // The finder's estimate of the real errors among them ("" for none).
    void setErrorEstimate(const QString &summary);

private:
    QLabel *addRow(const QString &name);
    void showPersons(int persons, int female, const int *groups, const AgeThresholds &thresholds);

    QLabel *m_location;
    QLabel *m_persons;
    QLabel *m_ageGroups;
    QLabel *m_photos;
    QLabel *m_eval;
    QLabel *m_findings;
    QLabel *m_suspects;
    QString m_estimate;
    int m_open = 0, m_total = 0;
};

} // namespace masklab::ui
