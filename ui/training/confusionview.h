#pragma once
// A run's validation results: the confusion matrix as a heat table (18 classes, or one task:
// mask 3x3, gender 2x2, age 3x3) and per-class precision, recall and F1. Double-clicking a cell
// asks to show the persons of those photos in the browser.

#include "metrics.h"

#include <QSet>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QTableWidget;

namespace masklab::ui {

class ConfusionView : public QWidget
{
    Q_OBJECT
public:
    explicit ConfusionView(QWidget *parent = nullptr);

    // Reads confusion_matrix.csv and validation_predictions.csv of the run; false (and a note
    // in the view) when the run has none yet.
    bool loadRun(const QString &runDir);
    void setTask(int task); // 0: 18 classes, 1: mask, 2: gender, 3: age
    QTableWidget *matrixTable() const { return m_matrix; }
    QTableWidget *classTable() const { return m_classes; }
    // The person folders whose validation photos have this truth and prediction in the shown task.
    QSet<QString> foldersOf(int truth, int predicted) const;

signals:
    void personsRequested(const QSet<QString> &folders, const QString &name);

private:
    void refresh();

    QComboBox *m_task;
    QLabel *m_note;
    QTableWidget *m_matrix;
    QTableWidget *m_classes;
    ConfusionMatrix m_confusion;
    struct Prediction
    {
        QString folder;
        int truth = 0;
        int predicted = 0;
    };
    std::vector<Prediction> m_predictions;
};

} // namespace masklab::ui
