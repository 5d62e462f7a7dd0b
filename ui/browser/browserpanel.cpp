#include "browserpanel.h"

#include "counted.h"
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
    // The hint gives way (cut at the right) rather than widen the window: the persons count
    // before it grows when an edited person stays in view.
    m_hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_hint->setToolTip(m_hint->text());

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
    connect(m_filters, &FilterBar::filterChanged, this, &BrowserPanel::showFirstMatch);

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
        connect(session, &LabelSession::stepApplied, this, &BrowserPanel::onStepApplied);
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
        connect(m_viewer, &PhotoViewer::moreLikeRequested, this, &BrowserPanel::moreLikeRequested);
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
    if (m_view->currentIndex().isValid()) // zooming keeps the person at hand in view
        m_view->scrollTo(m_view->currentIndex(), QAbstractItemView::PositionAtCenter);
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
    m_session->editMany(
        changes,
        tr("Toggle gender of %1").arg(counted(changes.size(), tr("person"), tr("persons"))));
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
    m_session->editMany(
        changes,
        tr("Set mask state of %1").arg(counted(changes.size(), tr("photo"), tr("photos"))));
    advance();
}

void BrowserPanel::swapIncorrectNormal()
{
    if (!m_session)
        return;
    QList<FieldChange> changes;
    const LabeledDataset &labels = m_session->labels();
    const QList<int> persons = selectedPersons();
    for (int person : persons) {
        changes.append({person, 5, EditField::Mask, maskStateName(labels.mask(person, 6))});
        changes.append({person, 6, EditField::Mask, maskStateName(labels.mask(person, 5))});
    }
    const QString text =
        persons.size() == 1
            ? tr("%1 incorrect_mask and normal swapped").arg(labels.person(persons[0]).folder)
            : tr("Swap incorrect_mask and normal of %1")
                  .arg(counted(persons.size(), tr("person"), tr("persons")));
    m_session->editMany(changes, text);
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
    m_session->editMany(
        changes,
        tr("Toggle exclusion of %1").arg(counted(changes.size(), tr("photo"), tr("photos"))));
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
    const int person = current.data(PersonTableModel::PersonIndexRole).toInt();
    m_details->showPerson(person, current.data(PersonTableModel::SlotRole).toInt());
    // Moving off an edited person that no longer matches lets it go; not while the view is
    // still handling the move, and for where the cursor is then (it may have come back).
    QMetaObject::invokeMethod(
        m_proxy,
        [this] {
            const QModelIndex now = m_view->currentIndex();
            if (now.isValid())
                m_proxy->releasePinsUnless(now.data(PersonTableModel::PersonIndexRole).toInt());
        },
        Qt::QueuedConnection);
}

void BrowserPanel::showFirstMatch()
{
    m_view->scrollToTop();
    if (m_proxy->rowCount() > 0)
        m_view->setCurrentIndex(m_proxy->index(0, PersonTableModel::FirstPhotoColumn));
    else
        m_details->showPerson(-1, -1);
    m_view->reportVisibleRows();
}

void BrowserPanel::showPerson(int person, int slot)
{
    m_proxy->pin({person}); // shown even when the filter no longer matches it
    const int column = slot >= 0 ? PersonTableModel::FirstPhotoColumn + slot
                                 : std::max(int(PersonTableModel::FirstPhotoColumn),
                                            m_view->currentIndex().column());
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(person, column));
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    m_view->viewport()->update(); // rows moved: no focus frame left where the cursor was
}

void BrowserPanel::onStepApplied(const AppliedStep &step)
{
    // An undo or redo shows what it changed, as an edit shows it by being where the user is.
    if (step.kind == AppliedStep::Kind::Edit || step.kind == AppliedStep::Kind::BackToBefore ||
        step.persons.isEmpty())
        return;
    m_proxy->pin(step.persons);
    showPerson(step.persons.front(), step.firstSlot);
}

} // namespace masklab::ui
