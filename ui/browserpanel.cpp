#include "browserpanel.h"

#include "filterbar.h"
#include "labelsession.h"
#include "persondetails.h"
#include "personfilterproxy.h"
#include "persongridview.h"
#include "persontablemodel.h"
#include "photoviewer.h"
#include "thumbnailcache.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QShortcut>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>

#include <set>

namespace masklab::ui {

namespace {
constexpr int kZoomStep = 32;
}

BrowserPanel::BrowserPanel(ThumbnailCache *thumbnails, QWidget *parent)
    : QWidget(parent), m_thumbnails(thumbnails), m_model(new PersonTableModel(thumbnails, this)),
      m_proxy(new PersonFilterProxy(this)), m_filters(new FilterBar(m_proxy, this)),
      m_view(new PersonGridView(thumbnails, this)), m_details(new PersonDetails(this)),
      m_zoom(new QSlider(Qt::Horizontal, this)),
      m_autoAdvance(new QCheckBox(tr("Auto-advance after an edit"), this)), m_hint(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    m_zoom->setRange(64, 512);
    m_zoom->setSingleStep(16);
    m_zoom->setPageStep(kZoomStep);
    m_zoom->setValue(128);
    m_zoom->setMinimumWidth(120);
    m_zoom->setMaximumWidth(220);
    m_zoom->setToolTip(tr("Thumbnail size (Ctrl+wheel)"));
    m_hint->setText(tr("G gender · 1/2/3 mask worn/incorrect/none · S swap incorrect↔normal · "
                       "X exclude · Enter view · Ctrl+Z undo"));
    m_hint->setStyleSheet(QStringLiteral("color: gray"));

    auto *tools = new QHBoxLayout;
    tools->addWidget(new QLabel(tr("Size"), this));
    tools->addWidget(m_zoom);
    tools->addWidget(m_autoAdvance);
    tools->addWidget(m_filters->sortCombo());
    tools->addWidget(m_filters->matchLabel());
    tools->addStretch(1);
    tools->addWidget(m_hint);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filters);
    layout->addLayout(tools);
    layout->addWidget(splitter, 1);

    connect(m_zoom, &QSlider::valueChanged, this, &BrowserPanel::setThumbnailHeight);
    connect(m_view, &PersonGridView::zoomRequested, this,
            [this](int delta) { m_zoom->setValue(m_zoom->value() + delta * kZoomStep); });
    connect(m_view, &PersonGridView::activatedPhoto, this, [this] { openViewer(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &BrowserPanel::onCurrentChanged);
    connect(m_filters, &FilterBar::filterChanged, m_view, &PersonGridView::reportVisibleRows);

    auto shortcut = [this](const QKeySequence &key, auto slot) {
        auto *s = new QShortcut(key, m_view, slot);
        s->setContext(Qt::WidgetWithChildrenShortcut);
    };
    shortcut(QKeySequence(Qt::Key_G), [this] { toggleGender(); });
    shortcut(QKeySequence(Qt::Key_1), [this] { setMaskState(int(MaskState::Wear)); });
    shortcut(QKeySequence(Qt::Key_2), [this] { setMaskState(int(MaskState::Incorrect)); });
    shortcut(QKeySequence(Qt::Key_3), [this] { setMaskState(int(MaskState::NotWear)); });
    shortcut(QKeySequence(Qt::Key_S), [this] { swapIncorrectNormal(); });
    shortcut(QKeySequence(Qt::Key_X), [this] { toggleExcluded(); });
    setThumbnailHeight(m_zoom->value());
}

BrowserPanel::~BrowserPanel() = default;

void BrowserPanel::setSession(LabelSession *session)
{
    m_session = session;
    m_model->setSession(session);
    m_proxy->setSession(session);
    m_details->setSession(session);
    if (session) {
        connect(session, &LabelSession::personsChanged, m_filters, &FilterBar::refreshCounts);
        connect(session, &LabelSession::thresholdsChanged, this, [this] {
            m_proxy->invalidate();
            m_filters->refreshCounts();
        });
    }
    m_proxy->sort(0);
    m_filters->refreshCounts();
    if (m_proxy->rowCount() > 0)
        m_view->setCurrentIndex(m_proxy->index(0, PersonTableModel::FirstPhotoColumn));
    m_view->reportVisibleRows();
}

PhotoViewer *BrowserPanel::photoViewer()
{
    if (!m_viewer) {
        m_viewer = new PhotoViewer(this);
        connect(m_viewer, &PhotoViewer::currentChanged, this,
                [this](const QModelIndex &index) { m_view->setCurrentIndex(index); });
    }
    return m_viewer;
}

void BrowserPanel::setThumbnailHeight(int height)
{
    // Cached tiers keep memory bounded; the delegate scales within a tier.
    m_model->setThumbnailHeight(height <= 128 ? 128 : height <= 256 ? 256 : 512);
    m_view->setThumbnailHeight(height);
}

QList<int> BrowserPanel::selectedPersons() const
{
    std::set<int> persons;
    for (const QModelIndex &index : m_view->selectionModel()->selectedIndexes())
        persons.insert(index.data(PersonTableModel::PersonIndexRole).toInt());
    const QModelIndex current = m_view->currentIndex();
    if (persons.empty() && current.isValid())
        persons.insert(current.data(PersonTableModel::PersonIndexRole).toInt());
    return QList<int>(persons.begin(), persons.end());
}

QList<std::pair<int, int>> BrowserPanel::selectedPhotos() const
{
    std::set<std::pair<int, int>> photos;
    QModelIndexList indexes = m_view->selectionModel()->selectedIndexes();
    if (indexes.isEmpty() && m_view->currentIndex().isValid())
        indexes << m_view->currentIndex();
    for (const QModelIndex &index : indexes) {
        const int slot = index.data(PersonTableModel::SlotRole).toInt();
        if (slot >= 0)
            photos.insert({index.data(PersonTableModel::PersonIndexRole).toInt(), slot});
    }
    return QList<std::pair<int, int>>(photos.begin(), photos.end());
}

void BrowserPanel::toggleGender()
{
    if (!m_session)
        return;
    QList<FieldChange> changes;
    for (int person : selectedPersons()) {
        const Gender g = m_session->labels().gender(person);
        changes.append({person, -1, EditField::Gender,
                        genderName(g == Gender::Male ? Gender::Female : Gender::Male)});
    }
    m_session->editMany(changes, tr("Toggle gender of %n person(s)", nullptr, int(changes.size())));
    advance();
}

void BrowserPanel::setMaskState(int mask)
{
    if (!m_session)
        return;
    QList<FieldChange> changes;
    for (const auto &[person, slot] : selectedPhotos())
        changes.append(
            {person, slot, EditField::Mask, maskStateName(static_cast<MaskState>(mask))});
    m_session->editMany(changes, tr("Set mask state of %n photo(s)", nullptr, int(changes.size())));
    advance();
}

void BrowserPanel::swapIncorrectNormal()
{
    if (!m_session)
        return;
    QList<FieldChange> changes;
    const LabeledDataset &labels = m_session->labels();
    for (int person : selectedPersons()) {
        changes.append({person, 5, EditField::Mask, maskStateName(labels.mask(person, 6))});
        changes.append({person, 6, EditField::Mask, maskStateName(labels.mask(person, 5))});
    }
    m_session->editMany(changes, tr("Swap incorrect_mask and normal of %n person(s)", nullptr,
                                    int(changes.size() / 2)));
    advance();
}

void BrowserPanel::toggleExcluded()
{
    if (!m_session)
        return;
    QList<FieldChange> changes;
    for (const auto &[person, slot] : selectedPhotos())
        changes.append({person, slot, EditField::Excluded,
                        canonicalValue(!m_session->labels().excluded(person, slot))});
    m_session->editMany(changes,
                        tr("Toggle exclusion of %n photo(s)", nullptr, int(changes.size())));
    advance();
}

void BrowserPanel::openViewer()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || current.column() < PersonTableModel::FirstPhotoColumn)
        return;
    PhotoViewer *viewer = photoViewer();
    viewer->showIndex(current);
    viewer->show();
    viewer->raise();
}

void BrowserPanel::advance()
{
    if (!m_autoAdvance->isChecked())
        return;
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && current.row() + 1 < m_proxy->rowCount())
        m_view->setCurrentIndex(current.sibling(current.row() + 1, current.column()));
}

void BrowserPanel::onCurrentChanged(const QModelIndex &current)
{
    if (!current.isValid()) {
        m_details->showPerson(-1, -1);
        return;
    }
    m_details->showPerson(current.data(PersonTableModel::PersonIndexRole).toInt(),
                          current.data(PersonTableModel::SlotRole).toInt());
}

} // namespace masklab::ui
