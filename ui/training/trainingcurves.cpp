#include "trainingcurves.h"

#include "chartexport.h"
#include "legendrow.h"

namespace masklab::ui {

namespace {
constexpr double kSmoothing = 0.9; // exponential moving average of the batch loss, as TensorBoard

QCPAxisRect *paneWithTitle(QCustomPlot *plot, QCPAxisRect *rect, int row, const QString &title)
{
    rect->axis(QCPAxis::atLeft)->setLabel(title);
    rect->axis(QCPAxis::atBottom)->setRange(0, 1);
    // The default rect is already at (0, 0); element() warns about rows not made yet.
    QCPLayoutGrid *layout = plot->plotLayout();
    if (row >= layout->rowCount() || layout->element(row, 0) != rect)
        layout->addElement(row, 0, rect);
    return rect;
}
} // namespace

TrainingCurves::TrainingCurves(QWidget *parent)
    : QCustomPlot(parent), m_lossRect(axisRect()), m_f1Rect(new QCPAxisRect(this)),
      m_lrRect(new QCPAxisRect(this)), m_f1Legend(new QCPLegend)
{
    setAutoAddPlottableToLegend(false);
    setNoAntialiasingOnDrag(true);
    paneWithTitle(this, m_lossRect, 0, tr("Loss"));
    paneWithTitle(this, m_f1Rect, 1, tr("Validation F1"));
    paneWithTitle(this, m_lrRect, 2, tr("Learning rate"));
    m_lrRect->axis(QCPAxis::atBottom)->setLabel(tr("Epoch"));
    auto *margins = new QCPMarginGroup(this); // the three panes share their left edge
    for (QCPAxisRect *rect : {m_lossRect, m_f1Rect, m_lrRect})
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_f1Rect->axis(QCPAxis::atLeft)->setRange(0, 1);
    m_lrRect->axis(QCPAxis::atLeft)->ticker()->setTickCount(2);
    m_lrRect->axis(QCPAxis::atLeft)->setNumberFormat(QStringLiteral("g"));

    // Each pane's legend in a row above it: inside, the loss legend covered the last epochs.
    legend->setVisible(true);
    legend->setFont(QFont(font().family(), 8));
    m_f1Legend->setLayer(QStringLiteral("legend"));
    m_f1Legend->setFont(legend->font());
    m_lossRect->insetLayout()->take(legend);
    plotLayout()->insertRow(0); // loss, F1 and learning rate move to rows 1, 2 and 3
    plotLayout()->addElement(0, 0, legendRow(this, legend));
    plotLayout()->insertRow(2); // F1 and learning rate to rows 3 and 4
    plotLayout()->addElement(2, 0, legendRow(this, m_f1Legend));
    plotLayout()->setRowStretchFactors({0.001, 1, 0.001, 1, 0.45});

    m_batchRaw = addCurve(m_lossRect, legend, tr("batch"), QColor(170, 190, 220), 1);
    m_batchSmooth = addCurve(m_lossRect, legend, tr("batch, smoothed"), QColor(30, 90, 200), 1.6);
    m_trainLoss = addCurve(m_lossRect, legend, tr("train (epoch)"), QColor(20, 40, 120), 2, true);
    m_validationLoss =
        addCurve(m_lossRect, legend, tr("validation"), QColor(230, 120, 20), 2, true);
    m_macroF1 = addCurve(m_f1Rect, m_f1Legend, tr("macro F1"), Qt::black, 2.4, true);
    m_maskF1 = addCurve(m_f1Rect, m_f1Legend, tr("mask"), QColor(40, 150, 60), 1.4, true);
    m_genderF1 = addCurve(m_f1Rect, m_f1Legend, tr("gender"), QColor(150, 60, 170), 1.4, true);
    m_ageF1 = addCurve(m_f1Rect, m_f1Legend, tr("age"), QColor(200, 60, 60), 1.4, true);
    m_lr = addCurve(m_lrRect, nullptr, tr("learning rate"), QColor(90, 90, 90), 1.4);
    m_lr->setLineStyle(QCPGraph::lsStepLeft);

    m_bestLine = new QCPItemStraightLine(this);
    m_bestLine->setClipAxisRect(m_f1Rect);
    for (QCPItemPosition *p : {m_bestLine->point1, m_bestLine->point2}) {
        p->setAxes(m_f1Rect->axis(QCPAxis::atBottom), m_f1Rect->axis(QCPAxis::atLeft));
        p->setAxisRect(m_f1Rect);
    }
    m_bestLine->setPen(QPen(QColor(40, 40, 40), 1, Qt::DashLine));
    m_bestLabel = new QCPItemText(this);
    m_bestLabel->setClipAxisRect(m_f1Rect);
    m_bestLabel->position->setAxes(m_f1Rect->axis(QCPAxis::atBottom),
                                   m_f1Rect->axis(QCPAxis::atLeft));
    m_bestLabel->position->setAxisRect(m_f1Rect);
    m_bestLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_bestLabel->setFont(QFont(font().family(), 8));
    clear();
}

QCPGraph *TrainingCurves::addCurve(QCPAxisRect *rect, QCPLegend *legend, const QString &name,
                                   const QColor &color, double width, bool dots)
{
    QCPGraph *graph = addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    graph->setName(name);
    graph->setPen(QPen(color, width));
    graph->setAdaptiveSampling(true); // thousands of batch points stay cheap to draw
    if (dots)
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    if (legend)
        graph->addToLegend(legend);
    return graph;
}

void TrainingCurves::clear()
{
    for (QCPGraph *g : {m_batchRaw, m_batchSmooth, m_trainLoss, m_validationLoss, m_macroF1,
                        m_maskF1, m_genderF1, m_ageF1, m_lr})
        g->data()->clear();
    m_batchPoints.clear();
    m_epochs.clear();
    m_bestEpoch = 0;
    m_plannedEpochs = 1;
    m_lrPerBatch = false;
    m_bestLine->setVisible(false);
    m_bestLabel->setVisible(false);
    setComparison({});
    rescale();
}

void TrainingCurves::setPlannedEpochs(int epochs)
{
    m_plannedEpochs = std::max(1, epochs);
    rescale();
}

void TrainingCurves::addBatches(const std::vector<BatchRecord> &batches)
{
    if (batches.empty())
        return;
    QVector<double> x, raw, smooth, lrX, lr;
    for (const BatchRecord &b : batches) {
        const QPointF p(b.epochPosition(), b.loss);
        m_smoothed =
            m_batchPoints.empty() ? p.y() : kSmoothing * m_smoothed + (1 - kSmoothing) * p.y();
        m_batchPoints.push_back(p);
        x << p.x();
        raw << p.y();
        smooth << m_smoothed;
        if (b.lr >= 0) { // the rate during the batch: from its start to its end
            lrX << epochPosition(b.epoch, b.batch - 1, b.batches);
            lr << b.lr;
        }
    }
    m_batchRaw->addData(x, raw, true);
    m_batchSmooth->addData(x, smooth, true);
    if (!lr.isEmpty()) {
        if (!m_lrPerBatch) // the epochs came first (a run read from its folder): their steps go
            m_lr->data()->clear();
        m_lrPerBatch = true;
        m_lr->addData(lrX, lr, true);
    }
    rescale();
}

int TrainingCurves::lrPointCount() const
{
    return m_lr->dataCount();
}

void TrainingCurves::addEpochs(const std::vector<EpochMetrics> &epochs)
{
    if (epochs.empty())
        return; // the panel hands every drained update over, most without an epoch
    for (const EpochMetrics &m : epochs) {
        m_epochs.push_back(m);
        m_trainLoss->addData(m.epoch, m.trainLoss);
        m_validationLoss->addData(m.epoch, m.validationLoss);
        m_macroF1->addData(m.epoch, m.macroF1);
        m_maskF1->addData(m.epoch, m.maskF1);
        m_genderF1->addData(m.epoch, m.genderF1);
        m_ageF1->addData(m.epoch, m.ageF1);
        if (!m_lrPerBatch) { // a run from before per-batch rates: one step per epoch
            m_lr->addData(m.epoch - 1, m.lr);
            m_lr->addData(m.epoch, m.lr);
        }
    }
    updateBest();
    rescale();
}

void TrainingCurves::updateBest()
{
    const EpochMetrics *best = nullptr;
    for (const EpochMetrics &m : m_epochs) {
        if (!best || m.macroF1 > best->macroF1)
            best = &m;
    }
    m_bestEpoch = best ? best->epoch : 0;
    m_bestLine->setVisible(best);
    m_bestLabel->setVisible(best);
    if (!best)
        return;
    m_bestLine->point1->setCoords(best->epoch, 0);
    m_bestLine->point2->setCoords(best->epoch, 1);
    m_bestLabel->position->setCoords(best->epoch, 0.99);
    m_bestLabel->setText(tr(" best: epoch %1, %2").arg(best->epoch).arg(best->macroF1, 0, 'f', 4));
}

void TrainingCurves::setComparison(
    const std::vector<std::pair<QString, std::vector<EpochMetrics>>> &runs)
{
    for (QCPGraph *g : m_comparison)
        removeGraph(g);
    m_comparison.clear();
    static const QColor colors[] = {QColor(0, 150, 160), QColor(190, 140, 0), QColor(120, 80, 40),
                                    QColor(220, 60, 140)};
    int index = 0;
    for (const auto &[name, history] : runs) {
        const QColor color = colors[index++ % 4];
        QCPGraph *f1 = addCurve(m_f1Rect, m_f1Legend, name, color, 1.6, true);
        QCPGraph *loss = addCurve(m_lossRect, legend, name + tr(" (validation)"), color, 1.6, true);
        for (QCPGraph *g : {f1, loss}) {
            QPen pen = g->pen();
            pen.setStyle(Qt::DashLine);
            g->setPen(pen);
        }
        for (const EpochMetrics &m : history) {
            f1->addData(m.epoch, m.macroF1);
            loss->addData(m.epoch, m.validationLoss);
            m_plannedEpochs = std::max(m_plannedEpochs, m.epoch);
        }
        m_comparison.push_back(f1);
        m_comparison.push_back(loss);
    }
    rescale();
}

void TrainingCurves::rescale()
{
    double last = m_plannedEpochs;
    if (!m_batchPoints.empty())
        last = std::max(last, m_batchPoints.back().x());
    if (!m_epochs.empty())
        last = std::max(last, double(m_epochs.back().epoch));
    for (QCPAxisRect *rect : {m_lossRect, m_f1Rect, m_lrRect})
        rect->axis(QCPAxis::atBottom)->setRange(0, last);
    bool found = false;
    QCPRange loss(0, 1);
    for (QCPGraph *g : {m_batchRaw, m_trainLoss, m_validationLoss}) {
        const QCPRange r = g->getValueRange(found, QCP::sdBoth);
        if (found)
            loss.expand(r);
    }
    m_lossRect->axis(QCPAxis::atLeft)->setRange(0, loss.upper * 1.05);
    const QCPRange lr = m_lr->getValueRange(found, QCP::sdBoth);
    m_lrRect->axis(QCPAxis::atLeft)->setRange(0, found ? lr.upper * 1.1 + 1e-12 : 1);
    replot(QCustomPlot::rpQueuedReplot);
}

QString TrainingCurves::csv() const
{
    QString out = epochMetricsCsvHeader(); // the columns of the run's metrics.csv
    for (const EpochMetrics &m : m_epochs)
        out += epochMetricsCsvRow(m);
    out += QStringLiteral("\nepoch_position,batch_loss\n");
    for (const QPointF &p : m_batchPoints)
        out += QStringLiteral("%1,%2\n").arg(p.x(), 0, 'g', 8).arg(p.y(), 0, 'g', 8);
    return out;
}

void TrainingCurves::contextMenuEvent(QContextMenuEvent *event)
{
    showChartExportMenu(
        this, tr("Training curves"), [this] { return csv(); }, event->globalPos());
}

} // namespace masklab::ui
