#pragma once
// The Training tab's Sweep page, beside the config editor: the keys to vary over the editor's
// config (a list of values or a range per row), grid or random, early stopping and folds. It
// writes the same sweep file masklab-cli sweep reads, checks it as the command line does after
// every edit (a problem is shown at its row), and says before anything starts how many runs and
// epochs the sweep costs and, from an earlier run's pace, about how long.

#include "sweepform.h"
#include "trainconfig.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace masklab::ui {

class SweepEditor : public QWidget
{
    Q_OBJECT
public:
    explicit SweepEditor(QWidget *parent = nullptr);

    // The config the points start from (the editor's), and whether it is valid.
    void setBase(const TrainConfig &config, bool valid);
    void setWorkspace(const QString &workspace);

    // A row for `key` (a list of values, or a range when values is empty); its index.
    int addRow(const QString &key, const QString &values = QString());
    void setRange(int row, const QString &low, const QString &high, const QString &count, bool log);
    SweepForm form() const;
    bool isValid() const { return m_valid; }
    QString planText() const;
    QString problemText() const;
    // <workspace>/sweeps/<name>.yaml and its base config <name>.base.yaml beside it; the sweep
    // file's path, or nothing (error says why).
    std::optional<QString> writeSweepFiles(QString *error) const;

signals:
    void startRequested(const QString &sweepFile);
    void queueRequested(const QString &sweepFile);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildMethodRow();
    QWidget *buildRuleRows();
    void revalidate();
    void showProblem(const QString &error, const std::vector<int> &rowLines);
    bool writeSweep(const QString &path, QString *error) const;
    void saveDialog();
    void request(void (SweepEditor::*signal)(const QString &));

    QLineEdit *m_name;
    QComboBox *m_method;
    QSpinBox *m_runs, *m_seed;
    QTableWidget *m_table;
    QPushButton *m_addRow, *m_removeRow;
    QCheckBox *m_earlyStop;
    QLineEdit *m_rungs;
    QDoubleSpinBox *m_keep;
    QSpinBox *m_folds;
    QLabel *m_plan;
    QPushButton *m_start, *m_enqueue, *m_save;
    TrainConfig m_base;
    bool m_baseValid = false;
    QString m_workspace;
    bool m_valid = false;
};

} // namespace masklab::ui
