#include "evalfilterbar.h"

#include "evalimagemodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace masklab::ui {

namespace {

QDoubleSpinBox *probabilitySpin(double value, const QString &prefix)
{
    auto *spin = new QDoubleSpinBox;
    spin->setRange(0, 1);
    spin->setSingleStep(0.05);
    spin->setDecimals(2);
    spin->setValue(value);
    spin->setPrefix(prefix);
    return spin;
}

void refill(QComboBox *combo, const QString &any, const QStringList &names)
{
    const int current = combo->currentIndex();
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(any, -1);
    for (int i = 0; i < names.size(); ++i)
        combo->addItem(names[i], i);
    combo->setCurrentIndex(std::max(0, current));
}

void selectValue(QComboBox *combo, int value)
{
    const QSignalBlocker block(combo);
    combo->setCurrentIndex(std::max(0, combo->findData(value)));
}

} // namespace

EvalFilterBar::EvalFilterBar(EvalFilterProxy *proxy, QWidget *parent)
    : QWidget(parent), m_proxy(proxy), m_mask(new QComboBox), m_gender(new QComboBox),
      m_age(new QComboBox), m_class(new QComboBox), m_order(new QComboBox),
      m_min(probabilitySpin(0, tr("p >= "))), m_max(probabilitySpin(1, tr("p <= "))),
      m_split(new QCheckBox(tr("Ensemble split"))), m_changed(new QCheckBox(tr("Changed"))),
      m_count(new QLabel), m_imageSet(new QToolButton)
{
    m_imageSet->setToolTip(tr("Showing a given set of images; click to show all again"));
    m_imageSet->hide();
    connect(m_imageSet, &QToolButton::clicked, this, [this] {
        m_images.clear();
        m_imageSet->hide();
        apply();
    });
    m_order->addItem(tr("info.csv order"), int(EvalFilterProxy::Order::InfoCsv));
    m_order->addItem(tr("Least sure first"), int(EvalFilterProxy::Order::LeastSureFirst));
    m_order->addItem(tr("Most sure first"), int(EvalFilterProxy::Order::MostSureFirst));
    m_split->setToolTip(tr("Only images the ensemble's members answer differently"));
    m_changed->setToolTip(tr("Only images the compared submission answers otherwise"));
    m_changed->setEnabled(false);
    fillCombos(AgeThresholds());
    // Two rows: what the answer is, then how sure and in which order (one row made the window
    // wider than a laptop screen).
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *what = new QHBoxLayout;
    for (QWidget *w : std::initializer_list<QWidget *>{m_mask, m_gender, m_age, m_class})
        what->addWidget(w);
    what->addWidget(m_imageSet);
    what->addStretch(1);
    auto *how = new QHBoxLayout;
    for (QWidget *w : std::initializer_list<QWidget *>{m_min, m_max, m_split, m_changed, m_order})
        how->addWidget(w);
    how->addWidget(m_count, 1);
    layout->addLayout(what);
    layout->addLayout(how);
    for (QComboBox *combo : {m_mask, m_gender, m_age, m_class})
        connect(combo, &QComboBox::currentIndexChanged, this, &EvalFilterBar::apply);
    for (QDoubleSpinBox *spin : {m_min, m_max})
        connect(spin, &QDoubleSpinBox::valueChanged, this, &EvalFilterBar::apply);
    for (QCheckBox *check : {m_split, m_changed})
        connect(check, &QCheckBox::toggled, this, &EvalFilterBar::apply);
    connect(m_order, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setOrder(EvalFilterProxy::Order(m_order->currentData().toInt())); });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &EvalFilterBar::refreshCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &EvalFilterBar::refreshCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &EvalFilterBar::refreshCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &EvalFilterBar::refreshCount);
}

void EvalFilterBar::fillCombos(const AgeThresholds &thresholds)
{
    QStringList masks, genders, ages, classes;
    for (int m = 0; m < kMaskStateCount; ++m)
        masks << maskStateName(MaskState(m));
    for (int g = 0; g < kGenderCount; ++g)
        genders << genderName(Gender(g));
    for (int a = 0; a < kAgeGroupCount; ++a)
        ages << ageGroupRange(AgeGroup(a), thresholds);
    for (int c = 0; c < kClassCount; ++c)
        classes << QStringLiteral("%1: %2").arg(c).arg(
            EvalImageModel::shortClassName(c, thresholds));
    refill(m_mask, tr("Any mask"), masks);
    refill(m_gender, tr("Any gender"), genders);
    refill(m_age, tr("Any age"), ages);
    refill(m_class, tr("Any class"), classes);
}

void EvalFilterBar::setThresholds(const AgeThresholds &thresholds)
{
    fillCombos(thresholds);
}

void EvalFilterBar::setComparing(bool comparing)
{
    m_changed->setEnabled(comparing);
    if (!comparing)
        m_changed->setChecked(false);
}

void EvalFilterBar::setFilter(const EvalFilter &filter)
{
    m_applying = true;
    selectValue(m_mask, filter.mask);
    selectValue(m_gender, filter.gender);
    selectValue(m_age, filter.age);
    selectValue(m_class, filter.classIndex);
    m_min->setValue(filter.minConfidence);
    m_max->setValue(filter.maxConfidence);
    m_split->setChecked(filter.splitOnly);
    m_changed->setChecked(filter.changedOnly);
    m_images = filter.imageSet;
    m_imageSetName = filter.imageSetName;
    m_imageSet->setText(tr("%1 (%2 images) \u2715").arg(filter.imageSetName).arg(m_images.size()));
    m_imageSet->setVisible(!m_images.isEmpty());
    m_applying = false;
    apply();
}

void EvalFilterBar::apply()
{
    if (m_applying)
        return;
    EvalFilter filter;
    filter.mask = m_mask->currentData().toInt();
    filter.gender = m_gender->currentData().toInt();
    filter.age = m_age->currentData().toInt();
    filter.classIndex = m_class->currentData().toInt();
    filter.minConfidence = m_min->value();
    filter.maxConfidence = m_max->value();
    filter.splitOnly = m_split->isChecked();
    filter.changedOnly = m_changed->isChecked();
    filter.imageSet = m_images;
    filter.imageSetName = m_imageSetName;
    m_proxy->setFilter(filter);
    refreshCount();
}

void EvalFilterBar::refreshCount()
{
    const int total = m_proxy->sourceModel() ? m_proxy->sourceModel()->rowCount() : 0;
    m_count->setText(tr("%1 of %2 images").arg(m_proxy->rowCount()).arg(total));
}

} // namespace masklab::ui
