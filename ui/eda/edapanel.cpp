#include "edapanel.h"

#include "barchart.h"
#include "edacharts.h"
#include "imagestatspanel.h"
#include "labelsession.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace masklab::ui {

EdaPanel::EdaPanel(QWidget *parent)
    // The charts' titles and contents come from core's definitions (edacharts.h).
    : QWidget(parent), m_classes(new BarChart), m_masks(new BarChart), m_genders(new BarChart),
      m_ageGroups(new BarChart), m_ages(new BarChart), m_genderAge(new QTableWidget(2, 3)),
      m_middleFrom(new QSpinBox), m_oldFrom(new QSpinBox),
      m_apply(new QPushButton(tr("Use these thresholds"))),
      m_compare(new QCheckBox(tr("Compare with the original labels"))), m_imbalance(new QLabel),
      m_whatIf(new QLabel), m_suspects(new QLabel), m_imageStats(new ImageStatsPanel),
      m_refreshTimer(new QTimer(this))
{
    m_middleFrom->setRange(1, 120);
    m_oldFrom->setRange(2, 130);
    m_middleFrom->setPrefix(tr("middle from "));
    m_oldFrom->setPrefix(tr("old from "));
    m_middleFrom->setValue(30);
    m_oldFrom->setValue(60);
    m_apply->setToolTip(
        tr("Save as this dataset's age groups: the browser and the trainer use them"));
    m_whatIf->setStyleSheet(QStringLiteral("color: #b26a00"));
    m_classes->setMinimumHeight(380);
    m_ages->setMinimumHeight(240);
    m_genderAge->setHorizontalHeaderLabels({ageGroupName(AgeGroup::Young),
                                            ageGroupName(AgeGroup::Middle),
                                            ageGroupName(AgeGroup::Old)});
    m_genderAge->setVerticalHeaderLabels({genderName(Gender::Male), genderName(Gender::Female)});
    m_genderAge->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_genderAge->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_genderAge->setMaximumHeight(110);
    m_genderAge->setToolTip(tr("Persons per gender and age group; click a cell to browse them"));

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Age groups:")));
    controls->addWidget(m_middleFrom);
    controls->addWidget(m_oldFrom);
    controls->addWidget(m_apply);
    controls->addWidget(m_whatIf);
    controls->addStretch(1);
    controls->addWidget(m_compare);

    auto *grid = new QGridLayout;
    m_suspects->setTextFormat(Qt::RichText);
    connect(m_suspects, &QLabel::linkActivated, this, &EdaPanel::suspectsRequested);
    setSuspectCount(0, 0);
    grid->addWidget(m_imbalance, 0, 0, 1, 2);
    grid->addWidget(m_suspects, 0, 2, Qt::AlignRight);
    grid->addWidget(m_classes, 1, 0, 1, 3);
    grid->addWidget(m_masks, 2, 0);
    grid->addWidget(m_genders, 2, 1);
    grid->addWidget(m_ageGroups, 2, 2);
    auto *tableBox = new QVBoxLayout;
    tableBox->addWidget(new QLabel(tr("<b>Gender x age group (persons)</b>")));
    tableBox->addWidget(m_genderAge);
    tableBox->addStretch(1);
    grid->addLayout(tableBox, 3, 0);
    grid->addWidget(m_ages, 3, 1, 1, 2);
    grid->addWidget(m_imageStats, 4, 0, 1, 3);

    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->addLayout(controls);
    contentLayout->addLayout(grid);
    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(0);
    connect(m_refreshTimer, &QTimer::timeout, this, &EdaPanel::refreshNow);
    connect(m_middleFrom, &QSpinBox::valueChanged, this, &EdaPanel::onThresholdsEdited);
    connect(m_oldFrom, &QSpinBox::valueChanged, this, &EdaPanel::onThresholdsEdited);
    connect(m_compare, &QCheckBox::toggled, this, &EdaPanel::scheduleRefresh);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (m_session)
            m_session->setThresholds(whatIfThresholds());
    });

    // Clicks ask the browser for exactly those persons.
    connect(m_classes, &BarChart::categoryClicked, this, [this](int c) {
        PersonFilter f;
        f.classIndex = c;
        emit filterRequested(f);
    });
    connect(m_masks, &BarChart::categoryClicked, this, [this](int m) {
        PersonFilter f;
        f.mask = MaskState(m);
        emit filterRequested(f);
    });
    connect(m_genders, &BarChart::categoryClicked, this, [this](int g) {
        PersonFilter f;
        f.gender = Gender(g);
        emit filterRequested(f);
    });
    connect(m_ageGroups, &BarChart::categoryClicked, this, [this](int a) {
        PersonFilter f;
        f.ageGroup = AgeGroup(a);
        emit filterRequested(f);
    });
    connect(m_ages, &BarChart::categoryClicked, this, [this](int index) {
        PersonFilter f;
        f.minAge = f.maxAge = int(m_ages->keys().value(index));
        emit filterRequested(f);
    });
    connect(m_genderAge, &QTableWidget::cellClicked, this, [this](int row, int column) {
        PersonFilter f;
        f.gender = Gender(row);
        f.ageGroup = AgeGroup(column);
        emit filterRequested(f);
    });
    refreshNow();
}

QList<BarChart *> EdaPanel::charts() const
{
    return {m_classes, m_masks, m_genders, m_ageGroups, m_ages};
}

AgeThresholds EdaPanel::whatIfThresholds() const
{
    return AgeThresholds{m_middleFrom->value(), m_oldFrom->value()};
}

void EdaPanel::setSession(LabelSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(m_session, &LabelSession::personsChanged, this, &EdaPanel::scheduleRefresh);
        connect(m_session, &LabelSession::thresholdsChanged, this, [this] {
            const QSignalBlocker a(m_middleFrom), b(m_oldFrom);
            m_middleFrom->setValue(m_session->thresholds().middleFrom);
            m_oldFrom->setValue(m_session->thresholds().oldFrom);
            scheduleRefresh();
        });
        const QSignalBlocker a(m_middleFrom), b(m_oldFrom);
        m_middleFrom->setValue(m_session->thresholds().middleFrom);
        m_oldFrom->setValue(m_session->thresholds().oldFrom);
    }
    m_imageStats->setSession(session);
    refreshNow();
}

void EdaPanel::scheduleRefresh()
{
    m_refreshTimer->start();
}

void EdaPanel::onThresholdsEdited()
{
    if (m_oldFrom->value() <= m_middleFrom->value())
        m_oldFrom->setValue(m_middleFrom->value() + 1);
    scheduleRefresh();
}

void EdaPanel::refreshNow()
{
    QElapsedTimer timer;
    timer.start();
    const AgeThresholds t = whatIfThresholds();
    m_stats = m_session ? computeLabelStatistics(m_session->labels(), t) : LabelStatistics{};
    m_stats.thresholds = t;
    const bool compare = m_session && m_compare->isChecked();
    const LabelStatistics original =
        compare ? computeOriginalStatistics(m_session->labels(), t) : LabelStatistics{};
    const bool pending = m_session && !(t == m_session->thresholds());
    m_whatIf->setText(pending ? tr("what-if: not in use until you apply") : QString());
    m_apply->setEnabled(pending);

    const std::vector<BarChartData> defined = edaCharts(m_stats, compare ? &original : nullptr);
    const QList<BarChart *> shown = charts();
    for (int i = 0; i < kEdaChartCount; ++i)
        shown[i]->setChart(defined[size_t(i)]);

    int most = 1;
    for (const auto &row : m_stats.genderAgePersons)
        for (int n : row)
            most = std::max(most, n);
    for (int g = 0; g < kGenderCount; ++g) {
        for (int a = 0; a < kAgeGroupCount; ++a) {
            const int n = m_stats.genderAgePersons[size_t(g)][size_t(a)];
            auto *item = new QTableWidgetItem(QString::number(n));
            item->setTextAlignment(Qt::AlignCenter);
            const int shade = 255 - int(150.0 * n / most); // a heat map in blues
            item->setBackground(QColor(shade, shade + (255 - shade) / 3, 255));
            item->setToolTip(
                tr("%1, %2: %3 persons (%4% of all)")
                    .arg(genderName(Gender(g)), ageGroupName(AgeGroup(a)))
                    .arg(n)
                    .arg(m_stats.persons ? 100.0 * n / m_stats.persons : 0.0, 0, 'f', 1));
            m_genderAge->setItem(g, a, item);
        }
    }
    const int largest = m_stats.largestClass();
    const int smallest = m_stats.smallestClass();
    m_imbalance->setText(
        smallest < 0 ? tr("No images.")
                     : tr("<b>%1 persons, %2 images</b> (%3 excluded). Largest class %4 (%5), "
                          "smallest %6 (%7): imbalance <b>%8x</b>.")
                           .arg(m_stats.persons)
                           .arg(m_stats.images)
                           .arg(m_stats.excludedImages)
                           .arg(className(largest))
                           .arg(m_stats.classImages[size_t(largest)])
                           .arg(className(smallest))
                           .arg(m_stats.classImages[size_t(smallest)])
                           .arg(m_stats.imbalanceRatio(), 0, 'f', 1));
    m_lastRefreshMs = timer.nsecsElapsed() / 1e6;
}

void EdaPanel::setSuspectCount(int open, int total)
{
    m_suspects->setText(
        total == 0
            ? tr("No label-error search yet: <a href=\"#\">Suspects</a>")
            : tr("<a href=\"#\">%1 suspected label errors</a> open (of %2)").arg(open).arg(total));
}

} // namespace masklab::ui
