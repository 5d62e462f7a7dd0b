#include "keyscatter.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace masklab::ui {

KeyScatter::KeyScatter(QWidget *parent)
    : QWidget(parent), m_keys(new QComboBox), m_plot(new QCustomPlot)
{
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Key:")));
    bar->addWidget(m_keys, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);
    m_plot->yAxis->setLabel(tr("best validation macro F1"));
    m_plot->addGraph()->setLineStyle(QCPGraph::lsNone);
    m_plot->graph(0)->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(31, 119, 180), 8));
    connect(m_keys, &QComboBox::currentIndexChanged, this, &KeyScatter::draw);
    connect(m_plot, &QCustomPlot::mousePress, this, &KeyScatter::onClick);
}

void KeyScatter::setTable(const RunTable &table)
{
    m_table = table;
    const QString chosen = m_keys->currentText();
    const QSignalBlocker blocker(m_keys);
    m_keys->clear();
    m_keys->addItems(table.varyingKeys);
    m_keys->setCurrentIndex(std::max(0, int(table.varyingKeys.indexOf(chosen))));
    draw();
}

std::optional<QPointF> KeyScatter::pointOf(int row) const
{
    return row >= 0 && row < int(m_points.size()) ? m_points[size_t(row)] : std::nullopt;
}

// x: the key's value as a number, or, when any value is not a number, the value's place among
// the values sorted as text, labelled with the value.
void KeyScatter::draw()
{
    const QString key = m_keys->currentText();
    m_points.assign(m_table.rows.size(), std::nullopt);
    QStringList texts;
    bool numbers = true;
    for (const RunRow &row : m_table.rows) {
        const QString text = row.config ? trainConfigValue(*row.config, key) : QString();
        texts << text;
        bool ok = false;
        text.toDouble(&ok);
        numbers = numbers && (ok || text.isEmpty());
    }
    if (!numbers) // an empty value ("no pretrained weights") is a value of its own
        for (int r = 0; r < texts.size(); ++r)
            if (texts[r].isEmpty() && m_table.rows[size_t(r)].config)
                texts[r] = tr("(none)");
    QStringList categories = texts;
    categories.removeAll(QString());
    categories.removeDuplicates();
    categories.sort();
    double lo = INFINITY, hi = -INFINITY;
    QVector<double> xs, ys;
    for (size_t r = 0; r < m_table.rows.size(); ++r) {
        if (texts[int(r)].isEmpty() || m_table.rows[r].best.epoch == 0)
            continue;
        const double x = numbers ? texts[int(r)].toDouble() : categories.indexOf(texts[int(r)]);
        m_points[r] = QPointF(x, m_table.rows[r].best.macroF1);
        xs << x;
        ys << m_table.rows[r].best.macroF1;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
    }
    // A positive range over more than 20x (learning rates, weight decays) reads better in log.
    m_log = numbers && lo > 0 && hi / lo > 20;
    m_plot->xAxis->setScaleType(m_log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (m_log)
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else if (numbers)
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    else {
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (int i = 0; i < categories.size(); ++i)
            ticker->addTick(i, categories[i]);
        m_plot->xAxis->setTicker(ticker);
    }
    m_plot->xAxis->setLabel(key);
    m_plot->graph(0)->setData(xs, ys);
    m_plot->rescaleAxes();
    const double margin = m_log ? 1.3 : 0.08 * std::max(1e-9, hi - lo);
    if (!xs.isEmpty())
        m_log ? m_plot->xAxis->setRange(lo / margin, hi * margin)
              : m_plot->xAxis->setRange(lo - margin, hi + margin);
    m_plot->yAxis->setRange(0, 1);
    m_plot->replot();
}

void KeyScatter::onClick(QMouseEvent *event)
{
    int nearest = -1;
    double best = 12; // pixels
    for (size_t r = 0; r < m_points.size(); ++r) {
        if (!m_points[r])
            continue;
        const double dx = m_plot->xAxis->coordToPixel(m_points[r]->x()) - event->position().x();
        const double dy = m_plot->yAxis->coordToPixel(m_points[r]->y()) - event->position().y();
        if (std::hypot(dx, dy) < best) {
            best = std::hypot(dx, dy);
            nearest = int(r);
        }
    }
    if (nearest >= 0)
        emit pointClicked(nearest);
}

} // namespace masklab::ui
