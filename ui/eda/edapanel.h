#pragma once
// EDA of the effective labels: the 18-class imbalance, mask / gender / age-group bars, the
// gender x age-group table, the age histogram with the thresholds, and the threshold what-if.
// Charts follow every relabel; a bar or cell click asks the browser to show those persons.

#include "labelstatistics.h"
#include "personfilter.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace masklab::ui {

class BarChart;
class ImageStatsPanel;
class LabelSession;

class EdaPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EdaPanel(QWidget *parent = nullptr);

    void setSession(LabelSession *session);
    // Recomputes the statistics and redraws (coalesced: call as often as you like).
    void scheduleRefresh();
    void refreshNow();

    const LabelStatistics &statistics() const { return m_stats; }
    AgeThresholds whatIfThresholds() const;
    QList<BarChart *> charts() const;
    BarChart *classChart() const { return m_classes; }
    BarChart *ageChart() const { return m_ages; }
    QTableWidget *genderAgeTable() const { return m_genderAge; }
    QSpinBox *middleFromBox() const { return m_middleFrom; }
    QSpinBox *oldFromBox() const { return m_oldFrom; }
    QPushButton *applyThresholdsButton() const { return m_apply; }
    QCheckBox *compareCheck() const { return m_compare; }
    QLabel *imbalanceLabel() const { return m_imbalance; }
    ImageStatsPanel *imageStats() const { return m_imageStats; }
    double lastRefreshMs() const { return m_lastRefreshMs; }
    // The label-error finder's open suspects (total 0: no finder run yet).
    void setSuspectCount(int open, int total);
    QLabel *suspectsLabel() const { return m_suspects; }

signals:
    void filterRequested(const masklab::PersonFilter &filter);
    void suspectsRequested(); // the suspects line was clicked

private:
    void onThresholdsEdited();

    LabelSession *m_session = nullptr;
    LabelStatistics m_stats;
    BarChart *m_classes;
    BarChart *m_masks;
    BarChart *m_genders;
    BarChart *m_ageGroups;
    BarChart *m_ages;
    QTableWidget *m_genderAge;
    QSpinBox *m_middleFrom;
    QSpinBox *m_oldFrom;
    QPushButton *m_apply;
    QCheckBox *m_compare;
    QLabel *m_imbalance;
    QLabel *m_whatIf;
    QLabel *m_suspects;
    ImageStatsPanel *m_imageStats;
    QTimer *m_refreshTimer;
    double m_lastRefreshMs = 0;
};

} // namespace masklab::ui
