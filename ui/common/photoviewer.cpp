#include "photoviewer.h"

#include "dataset.h"
#include "explainbar.h"
#include "persontablemodel.h"

#include <QHBoxLayout>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace masklab::ui {

namespace {

// The browser's grid: a person per row, the 7 photos in columns from FirstPhotoColumn.
class PersonGridPhotos : public PhotoSource
{
public:
    bool isPhoto(const QModelIndex &index) const override
    {
        return index.isValid() && index.column() >= PersonTableModel::FirstPhotoColumn;
    }
    QString path(const QModelIndex &index) const override
    {
        return index.data(PersonTableModel::PathRole).toString();
    }
    QString caption(const QModelIndex &index) const override;
    QModelIndex neighbour(const QModelIndex &index, int rows, int columns) const override;
    QString keysHelp() const override
    {
        return PhotoViewer::tr("Left/Right: photo   Up/Down: person");
    }
};

QString PersonGridPhotos::caption(const QModelIndex &index) const
{
    const QModelIndex person = index.siblingAtColumn(PersonTableModel::PersonColumn);
    const int cls = index.data(PersonTableModel::ClassRole).toInt();
    return QStringLiteral("<b>%1</b> / %2 — %3, class %4 (%5)%6<br>%7")
        .arg(person.data().toString(),
             photoSlotStem(index.data(PersonTableModel::SlotRole).toInt()),
             index.data(Qt::DisplayRole).toString())
        .arg(cls)
        .arg(className(cls))
        .arg(index.data(PersonTableModel::ExcludedRole).toBool()
                 ? PhotoViewer::tr(", excluded from training")
                 : QString())
        .arg(path(index).toHtmlEscaped());
}

QModelIndex PersonGridPhotos::neighbour(const QModelIndex &index, int rows, int columns) const
{
    const QAbstractItemModel *model = index.model();
    int row = index.row() + rows;
    int column = index.column() + columns;
    const int first = PersonTableModel::FirstPhotoColumn;
    const int last = PersonTableModel::ColumnCount - 1;
    if (column < first) { // wrap to the previous person's last photo
        column = last;
        --row;
    } else if (column > last) {
        column = first;
        ++row;
    }
    if (row < 0 || row >= model->rowCount())
        return {};
    return model->index(row, column);
}

} // namespace

PhotoViewer::PhotoViewer(QWidget *parent, std::unique_ptr<PhotoSource> source)
    : QDialog(parent), m_source(source ? std::move(source) : std::make_unique<PersonGridPhotos>()),
      m_scroll(new QScrollArea), m_image(new QLabel), m_info(new QLabel), m_explain(new ExplainBar)
{
    setWindowTitle(tr("Photo"));
    m_image->setAlignment(Qt::AlignCenter);
    m_scroll->setWidget(m_image);
    m_scroll->setAlignment(Qt::AlignCenter);
    m_scroll->setWidgetResizable(false);
    m_scroll->setFocusPolicy(Qt::NoFocus); // a click on the photo leaves the keys to the viewer
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_scroll, 1);
    auto *tools = new QHBoxLayout;
    auto *like = new QPushButton(tr("More like this (L)"));
    like->setObjectName(QStringLiteral("moreLike"));
    like->setAutoDefault(false);       // Return is not "leave for the Map tab"
    like->setFocusPolicy(Qt::NoFocus); // the arrow keys stay the viewer's
    like->setToolTip(tr("The photos most like this one, train and eval, in the Map tab"));
    connect(like, &QPushButton::clicked, this, &PhotoViewer::requestMoreLike);
    tools->addWidget(m_explain, 1);
    tools->addWidget(like);
    layout->addLayout(tools);
    layout->addWidget(m_info);
    connect(m_explain, &ExplainBar::changed, this, &PhotoViewer::render);
    auto *help =
        new QLabel(m_source->keysHelp() + tr("   +/-: zoom   F: fit   0: 100%   H: where the model "
                                             "looks   L: more like this   Esc: close"));
    help->setStyleSheet(QStringLiteral("color: gray"));
    layout->addWidget(help);
    resize(560, 760);
}

PhotoViewer::~PhotoViewer() = default;

void PhotoViewer::showIndex(const QModelIndex &index)
{
    if (!m_source->isPhoto(index))
        return;
    m_index = index;
    QImageReader reader(m_source->path(index));
    reader.setAutoTransform(true);
    m_full = reader.read();
    m_explain->setPhoto(m_source->path(index)); // renders
    emit currentChanged(index);
}

QString PhotoViewer::infoText() const
{
    return m_info->text();
}

void PhotoViewer::refreshCaption()
{
    render();
}

void PhotoViewer::render()
{
    if (!m_index.isValid())
        return;
    QString info = m_source->caption(m_index);
    // With the toggle on, the photo with Grad-CAM's heat over it (the same size as the photo).
    const QImage &explained = m_explain->current().image;
    const QImage &shown = explained.isNull() ? m_full : explained;
    if (m_explain->isOn())
        info += QStringLiteral("<br>") + m_explain->current().text;
    if (m_full.isNull()) {
        m_image->setPixmap({});
        m_image->setText(tr("This file does not decode."));
        m_image->resize(m_scroll->viewport()->size());
    } else {
        const QSize area = m_scroll->viewport()->size() - QSize(4, 4);
        const QSize size =
            m_fit ? m_full.size().scaled(area, Qt::KeepAspectRatio) : m_full.size() * m_zoom;
        m_image->setPixmap(
            QPixmap::fromImage(shown.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
        m_image->resize(size);
        info += tr("<br>%1x%2, shown at %3%")
                    .arg(m_full.width())
                    .arg(m_full.height())
                    .arg(int(100.0 * size.width() / m_full.width()));
    }
    m_info->setText(info);
}

// The Map tab takes over: the viewer steps aside so the map is seen.
void PhotoViewer::requestMoreLike()
{
    if (!m_index.isValid())
        return;
    hide();
    emit moreLikeRequested(m_source->path(m_index));
}

void PhotoViewer::setZoom(double zoom, bool fit)
{
    m_zoom = std::clamp(zoom, 0.1, 8.0);
    m_fit = fit;
    render();
}

void PhotoViewer::step(int rows, int columns)
{
    if (!m_index.isValid())
        return;
    const QModelIndex next = m_source->neighbour(m_index, rows, columns);
    if (next.isValid())
        showIndex(next);
}

void PhotoViewer::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
        step(0, -1);
        break;
    case Qt::Key_Right:
        step(0, 1);
        break;
    case Qt::Key_Up:
    case Qt::Key_PageUp:
        step(-1, 0);
        break;
    case Qt::Key_Down:
    case Qt::Key_PageDown:
        step(1, 0);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        setZoom((m_fit ? double(m_image->width()) / std::max(1, m_full.width()) : m_zoom) * 1.25,
                false);
        break;
    case Qt::Key_Minus:
        setZoom((m_fit ? double(m_image->width()) / std::max(1, m_full.width()) : m_zoom) / 1.25,
                false);
        break;
    case Qt::Key_F:
        setZoom(m_zoom, true);
        break;
    case Qt::Key_0: // not 1: 1/2/3 relabel in the grid
        setZoom(1.0, false);
        break;
    case Qt::Key_L:
        requestMoreLike();
        break;
    case Qt::Key_H: // heat; not G, which is gender in the grid
        m_explain->setOn(!m_explain->isOn());
        break;
    default:
        QDialog::keyPressEvent(event);
    }
}

void PhotoViewer::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    if (m_fit)
        render();
}

} // namespace masklab::ui
