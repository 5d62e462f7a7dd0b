// The Suspects tab's two rows of controls: the filters above the list, and the review buttons
// with the heat toggle below the photos.

#include "suspectspanel.h"

#include "suspectfilterproxy.h"
#include "suspectheat.h"
#include "suspectlistmodel.h"
#include "suspectview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace masklab::ui {

QWidget *SuspectsPanel::makeFilterRow()
{
    m_kind->addItem(tr("All kinds"), -1);
    for (int k = 0; k < finder::kSuspectKindCount; ++k)
        m_kind->addItem(finder::suspectKindName(finder::SuspectKind(k)), k);
    m_minScore->setRange(0, 1);
    m_minScore->setSingleStep(0.05);
    m_minScore->setDecimals(2);
    m_minScore->setPrefix(tr("Score at least "));
    m_hideReviewed->setText(tr("Hide reviewed"));
    m_likelyOnly->setText(tr("Likely errors only"));
    m_likelyOnly->setToolTip(tr("The model's suspects down to as many as the finder estimates are "
                                "real errors, with a margin; duplicates always show"));
    m_likelyOnly->setEnabled(false);
    m_estimate->setWordWrap(true);
    connect(m_likelyOnly, &QCheckBox::toggled, this, &SuspectsPanel::showEstimate);
    connect(m_kind, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setKind(m_kind->currentData().toInt()); });
    connect(m_minScore, &QDoubleSpinBox::valueChanged, m_proxy,
            &SuspectFilterProxy::setMinimumScore);
    connect(m_hideReviewed, &QCheckBox::toggled, m_proxy, &SuspectFilterProxy::setHideReviewed);
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_likelyOnly);
    layout->addWidget(m_kind);
    layout->addWidget(m_minScore);
    layout->addWidget(m_hideReviewed);
    layout->addStretch();
    layout->addWidget(m_counts);
    return row;
}

QWidget *SuspectsPanel::makeReviewButtons()
{
    m_accept = new QPushButton(tr("Accept (A)"));
    m_dismiss = new QPushButton(tr("Not an error (D)"));
    m_next = new QPushButton(tr("Next (N)"));
    m_show = new QPushButton(tr("Show in browser"));
    m_accept->setToolTip(tr("Apply the suggested fix (Ctrl+Z undoes it)"));
    m_dismiss->setToolTip(tr("Keep the label; the suspect stays dismissed after a new finder run"));
    connect(m_accept, &QPushButton::clicked, this, &SuspectsPanel::acceptCurrent);
    connect(m_dismiss, &QPushButton::clicked, this, &SuspectsPanel::toggleDismissCurrent);
    connect(m_next, &QPushButton::clicked, this, &SuspectsPanel::nextOpen);
    connect(m_show, &QPushButton::clicked, this, [this] {
        if (currentRow() >= 0)
            emit showPersonRequested(m_model->suspect(sourceRow(currentRow())).folder);
    });
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *b : {m_accept, m_dismiss, m_next, m_show})
        layout->addWidget(b);
    m_heatToggle = new QCheckBox(tr("Where the model looks (H)"));
    m_heatToggle->setObjectName(QStringLiteral("suspectHeat"));
    m_heatNote = new QLabel;
    m_heatNote->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // never widens
    m_heat = new SuspectHeat(m_heatToggle, this);
    connect(m_heat, &SuspectHeat::changed, this, [this] {
        m_view->setOverlays(m_heat->overlays());
        m_heatNote->setText(m_heat->note());
        m_heatNote->setToolTip(m_heat->note() + tr(": the fold model that never trained on this "
                                                   "person"));
    });
    layout->addSpacing(12);
    layout->addWidget(m_heatToggle);
    layout->addWidget(m_heatNote, 1);
    return row;
}

} // namespace masklab::ui
