#pragma once
// Live training curves (QCustomPlot), three panes over one epoch axis: loss (per batch raw and
// smoothed, per epoch train and validation), validation F1 (macro and per task, the best epoch
// marked) and the learning rate (per batch; per epoch for runs that did not record it). Points are
// added in batches and drawn with a queued replot; other runs can be overlaid dashed for
// comparison. Right-click exports PNG, PDF or CSV.

#include "runrecord.h"

#include <qcustomplot.h>

#include <utility>
#include <vector>

namespace masklab::ui {

class TrainingCurves : public QCustomPlot
{
    Q_OBJECT
public:
    explicit TrainingCurves(QWidget *parent = nullptr);

    void clear();
    void setPlannedEpochs(int epochs); // the x axis spans at least this many
    // Training batches: their loss, and their learning rate where recorded.
    void addBatches(const std::vector<BatchRecord> &batches);
    void addEpochs(const std::vector<EpochMetrics> &epochs);
    // Other runs' macro F1 and validation loss, dashed; empty to remove.
    void setComparison(const std::vector<std::pair<QString, std::vector<EpochMetrics>>> &runs);

    int batchPointCount() const { return int(m_batchPoints.size()); }
    int lrPointCount() const;
    int epochCount() const { return int(m_epochs.size()); }
    int bestEpoch() const { return m_bestEpoch; }
    int comparisonCount() const { return int(m_comparison.size()); }
    QString csv() const;

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    QCPGraph *addCurve(QCPAxisRect *rect, QCPLegend *legend, const QString &name,
                       const QColor &color, double width, bool dots = false);
    void updateBest();
    void rescale();

    QCPAxisRect *m_lossRect;
    QCPAxisRect *m_f1Rect;
    QCPAxisRect *m_lrRect;
    QCPLegend *m_f1Legend;
    QCPGraph *m_batchRaw, *m_batchSmooth, *m_trainLoss, *m_validationLoss;
    QCPGraph *m_macroF1, *m_maskF1, *m_genderF1, *m_ageF1, *m_lr;
    QCPItemStraightLine *m_bestLine;
    QCPItemText *m_bestLabel;
    std::vector<QCPGraph *> m_comparison;

    std::vector<QPointF> m_batchPoints;
    std::vector<EpochMetrics> m_epochs;
    double m_smoothed = 0;
    int m_plannedEpochs = 1;
    int m_bestEpoch = 0;
    bool m_lrPerBatch = false; // batches brought their rates: epochs add none
};

} // namespace masklab::ui
