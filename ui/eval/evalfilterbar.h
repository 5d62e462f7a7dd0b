#pragma once
// The Eval tab's filter row: predicted mask, gender, age group and class, the probability range,
// "ensemble split" and "changed" (against a compared submission), the order, and how many
// images match.

#include "evalfilterproxy.h"
#include "labels.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QToolButton;

namespace masklab::ui {

class EvalFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit EvalFilterBar(EvalFilterProxy *proxy, QWidget *parent = nullptr);

    void setThresholds(const AgeThresholds &thresholds); // the age and class names
    void setFilter(const EvalFilter &filter);
    void setComparing(bool comparing); // "changed" is offered only then
    void refreshCount();

    QComboBox *maskCombo() const { return m_mask; }
    QComboBox *classCombo() const { return m_class; }
    QDoubleSpinBox *minConfidenceSpin() const { return m_min; }
    QDoubleSpinBox *maxConfidenceSpin() const { return m_max; }
    QComboBox *orderCombo() const { return m_order; }
    QCheckBox *splitCheck() const { return m_split; }
    QCheckBox *changedCheck() const { return m_changed; }
    QLabel *countLabel() const { return m_count; }

private:
    void apply();
    void fillCombos(const AgeThresholds &thresholds);

    EvalFilterProxy *m_proxy;
    QComboBox *m_mask, *m_gender, *m_age, *m_class, *m_order;
    QDoubleSpinBox *m_min, *m_max;
    QCheckBox *m_split, *m_changed;
    QLabel *m_count;
    QToolButton *m_imageSet; // "map selection (12 images) x": click shows all again
    QSet<QString> m_images;
    QString m_imageSetName;
    bool m_applying = false;
};

} // namespace masklab::ui
