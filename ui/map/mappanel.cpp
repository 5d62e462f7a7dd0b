#include "mappanel.h"

#include "datasetscanner.h"
#include "embeddingcache.h"
#include "embeddingmap.h"
#include "labelsession.h"
#include "mapjob.h"
#include "mapphotostrip.h"
#include "mapview.h"
#include "thumbnailcache.h"
#include "trainedmodels.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace masklab::ui {

namespace {
QIcon swatch(const QColor &colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(colour);
    return QIcon(pixmap);
}
} // namespace

MapPanel::MapPanel(ThumbnailCache *thumbnails, QWidget *parent)
    : QWidget(parent), m_thumbnails(thumbnails), m_job(new MapJob(this)), m_view(new MapView),
      m_legend(new QListWidget), m_strip(new MapPhotoStrip(thumbnails)),
      m_stripTitle(new QLabel(tr("Draw a lasso on the map to see its photos."))),
      m_hover(new QLabel(this, Qt::ToolTip))
{
    m_legend->setObjectName(QStringLiteral("mapLegend"));
    m_hover->setObjectName(QStringLiteral("mapHover"));
    m_legend->setMaximumWidth(220);
    m_stripTitle->setWordWrap(true);
    m_browse = new QPushButton(tr("Show persons in Browser"));
    m_like = new QPushButton(tr("More like this"));
    m_browse->setObjectName(QStringLiteral("mapBrowse"));
    m_showEval = new QPushButton(tr("Eval photos in Eval tab"));
    m_showEval->setObjectName(QStringLiteral("mapShowEval"));
    m_showEval->setEnabled(false);
    m_like->setObjectName(QStringLiteral("mapLike"));
    m_stripTitle->setObjectName(QStringLiteral("mapStripTitle"));
    m_browse->setEnabled(false);
    m_like->setEnabled(false);
    auto *side = new QWidget;
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_browse);
    buttons->addWidget(m_showEval);
    buttons->addWidget(m_like);
    sideLayout->addWidget(m_stripTitle);
    sideLayout->addLayout(buttons);
    sideLayout->addWidget(m_strip, 1);
    auto *splitter = new QSplitter;
    splitter->addWidget(m_legend);
    splitter->addWidget(m_view);
    splitter->addWidget(side);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildTopBar());
    layout->addWidget(splitter, 1);
    m_hover->setFrameShape(QFrame::Box);
    m_hover->setAlignment(Qt::AlignCenter);
    m_hover->hide();

    connect(m_job, &MapJob::updateAvailable, this, &MapPanel::onProgress);
    connect(m_job, &MapJob::previewReady, this, &MapPanel::onPreview);
    connect(m_job, &MapJob::finished, this, &MapPanel::onFinished);
    connect(m_view, &MapView::selectionChanged, this, &MapPanel::onSelectionChanged);
    connect(m_view, &MapView::hovered, this, &MapPanel::onHovered);
    connect(m_view, &MapView::contextRequested, this, &MapPanel::onContext);
    connect(m_legend, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        m_view->setGroupHidden(m_legend->row(item), item->checkState() != Qt::Checked);
    });
    connect(m_browse, &QPushButton::clicked, this, &MapPanel::showSelectedInBrowser);
    connect(m_showEval, &QPushButton::clicked, this, &MapPanel::showSelectedInEval);
    m_like->setToolTip(tr("The photos most like the one picked in the strip (or its first)"));
    connect(m_like, &QPushButton::clicked, this, &MapPanel::showLikeOfPicked);
    connect(m_strip, &QListWidget::itemDoubleClicked, this,
            [this](QListWidgetItem *item) { showLike(m_strip->rowAt(m_strip->row(item))); });
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this, [this] {
        if (m_hoveredRow >= 0)
            onHovered(m_hoveredRow);
    });
}

MapPanel::~MapPanel()
{
    stopAndWait(); // the job's thread writes into the job
}

QWidget *MapPanel::buildTopBar()
{
    m_runs = new QComboBox;
    m_runs->setMinimumContentsLength(24);
    m_eval = new QCheckBox(tr("Eval photos too"));
    m_eval->setChecked(true);
    m_map = new QPushButton(tr("Map"));
    m_map->setToolTip(tr("Embed every photo with the run's model (the workspace keeps the "
                         "vectors) and lay out the map"));
    m_colourBy = new QComboBox;
    for (ColourBy by :
         {ColourBy::Label, ColourBy::Mask, ColourBy::Gender, ColourBy::AgeGroup, ColourBy::Age,
          ColourBy::Split, ColourBy::Predicted, ColourBy::Correct, ColourBy::Suspect})
        m_colourBy->addItem(colourByName(by), int(by));
    m_status = new QLabel(tr("Pick a trained run and press Map."));
    m_status->setObjectName(QStringLiteral("mapStatus"));
    m_map->setObjectName(QStringLiteral("mapButton"));
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // one line, cut
    auto *bar = new QWidget;
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Run:")));
    row->addWidget(m_runs);
    row->addWidget(m_eval);
    row->addWidget(m_map);
    row->addSpacing(16);
    row->addWidget(new QLabel(tr("Colour by:")));
    row->addWidget(m_colourBy);
    auto *fit = new QPushButton(tr("Fit (Home)"));
    fit->setToolTip(tr("Show the whole map again"));
    connect(fit, &QPushButton::clicked, this, [this] { m_view->fitView(); });
    row->addWidget(fit);
    row->addWidget(m_status, 1);
    connect(m_map, &QPushButton::clicked, this, &MapPanel::startFromChooser);
    connect(m_colourBy, &QComboBox::currentIndexChanged, this, &MapPanel::recolour);
    return bar;
}

void MapPanel::setSession(LabelSession *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_job->stop(); // its map is of the dataset that closes: stopped, and ignored when it ends
    m_session = session;
    m_datasetRoot = session ? session->scan().dataset.root : QString();
    clearMap();
    refreshRuns();
    if (!session)
        return;
    // A relabel recolours the dots: no embedding again.
    connect(session, &LabelSession::personsChanged, this, &MapPanel::recolour);
    connect(session, &LabelSession::thresholdsChanged, this, &MapPanel::recolour);
}

void MapPanel::refreshRuns()
{
    const QString current = m_runs->currentData().toString();
    m_runs->clear();
    if (!m_session)
        return;
    for (const TrainedModel &model : trainedModels(m_session->workspace().dir()))
        m_runs->addItem(model.name, model.dir);
    const int keep = m_runs->findData(current);
    if (keep >= 0)
        m_runs->setCurrentIndex(keep);
    m_map->setEnabled(m_runs->count() > 0 || m_job->isRunning());
    if (m_runs->count() == 0)
        m_status->setText(tr("No trained run in this workspace yet: train one in the Training "
                             "tab, then map it here."));
}

void MapPanel::startFromChooser()
{
    if (m_job->isRunning()) {
        m_job->stop();
        m_status->setText(tr("Stopping..."));
        return;
    }
    QString error;
    if (!startMapping(m_runs->currentData().toString(), &error))
        m_status->setText(error);
}

bool MapPanel::startMapping(const QString &runDir, QString *error)
{
    if (!m_session || runDir.isEmpty()) {
        if (error)
            *error = tr("Open a dataset and pick a trained run first.");
        return false;
    }
    trainer::EmbeddingRequest request;
    request.runDir = runDir;
    request.eval = m_eval->isChecked() && !m_session->scan().dataset.evalDir.isEmpty();
    request.cacheDir = EmbeddingCache::forWorkspace(m_session->workspace().dir()).dir();
    if (!m_job->start(request)) {
        if (error)
            *error = m_job->isStopping() ? tr("The last map is still stopping; try again.")
                                         : tr("A map is being made already.");
        return false;
    }
    m_generation = m_job->generation();
    m_mappedRun = QFileInfo(runDir).fileName();
    clearMap();
    m_map->setText(tr("Stop"));
    m_status->setText(tr("Embedding %1...").arg(QFileInfo(runDir).fileName()));
    return true;
}

bool MapPanel::isBusy() const
{
    return m_job->isRunning();
}

void MapPanel::stopAndWait()
{
    m_job->stop();
    m_job->waitForFinished();
}

void MapPanel::onProgress()
{
    const MapJobProgress p = m_job->progress();
    if (p.total > 0 && m_job->isRunning())
        m_status->setText(tr("%1: %2 of %3").arg(p.phase).arg(p.done).arg(p.total));
}

void MapPanel::clearMap()
{
    m_table.reset();
    m_similar.reset();
    m_persons.clear();
    m_suspectScores.clear();
    m_hover->hide();
    m_hoveredRow = -1;
    m_view->setPoints({});
    showInStrip({}, {}, tr("Draw a lasso on the map to see its photos."));
    recolour();
}

void MapPanel::onPreview()
{
    if (m_job->generation() != m_generation || !m_session)
        return;
    m_table = m_job->table();
    m_persons = personIndexes(*m_table, m_session->labels());
    loadSuspectScores();
    m_view->setPoints(m_job->preview());
    recolour();
    m_status->setText(tr("Principal components shown; laying out the map..."));
}

void MapPanel::onFinished()
{
    m_map->setText(tr("Map"));
    if (m_job->generation() != m_generation)
        return; // a job of the dataset closed since
    const trainer::EmbeddingOutcome &outcome = m_job->outcome();
    if (!m_job->map()) {
        clearMap();
        m_pendingLike.clear();
        m_status->setText(outcome.error.isEmpty() ? tr("Nothing to map: the run has no photos")
                                                  : tr("Not mapped: %1").arg(outcome.error));
        return;
    }
    if (m_table != m_job->table()) { // no preview came (a table too small for one)
        m_table = m_job->table();
        m_persons = personIndexes(*m_table, m_session->labels());
        loadSuspectScores();
    }
    m_view->movePoints(m_job->map()->points); // the same photos: a selection stays
    recolour();
    QString text = tr("%1 photos, %2 features each (%3 embedded now, %4 kept from before); map "
                      "in %5 s")
                       .arg(m_table->size())
                       .arg(m_table->dims)
                       .arg(outcome.computed)
                       .arg(outcome.reused)
                       .arg(m_job->map()->seconds, 0, 'f', 1);
    if (!outcome.undecodable.isEmpty())
        text +=
            tr("; %n photo(s) do not decode and are left off", "", int(outcome.undecodable.size()));
    m_status->setText(text);
    if (!m_pendingLike.isEmpty())
        showLikePath(std::exchange(m_pendingLike, QString()));
    emit mapReady();
}

void MapPanel::setColourBy(ColourBy by)
{
    m_colourBy->setCurrentIndex(m_colourBy->findData(int(by)));
}

void MapPanel::recolour()
{
    const EmbeddingTable *t = table();
    if (!m_session || !t || m_persons.size() != t->photos.size()) {
        m_legend->clear();
        return;
    }
    const auto by = ColourBy(m_colourBy->currentData().toInt());
    const MapColouring colouring = colourPhotos(by, *t, m_session->labels(), m_persons,
                                                m_session->thresholds(), m_suspectScores);
    m_view->setColours(colouring.group, colouring.colours);
    const QSignalBlocker quiet(m_legend);
    m_legend->clear();
    for (int g = 0; g < colouring.names.size(); ++g) {
        auto *item = new QListWidgetItem(
            swatch(colouring.colours[size_t(g)]),
            tr("%1 (%2)").arg(colouring.names[g]).arg(colouring.counts[size_t(g)]), m_legend);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        if (colouring.counts[size_t(g)] == 0)
            item->setHidden(true);
    }
}

} // namespace masklab::ui
