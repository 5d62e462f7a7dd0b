// The Map tab's photos: what a dot says (hover), what a lasso holds (the strip, the Browser,
// the Eval tab), the photos most like one, and the finder's scores for colouring.

#include "mappanel.h"

#include "counted.h"
#include "embeddingmap.h"
#include "finderresults.h"
#include "labelsession.h"
#include "mapjob.h"
#include "mapphotostrip.h"
#include "mapview.h"
#include "thumbnailcache.h"

#include <QComboBox>
#include <QCursor>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>

namespace masklab::ui {

namespace {
constexpr int kLikeCount = 24;
constexpr int kHoverHeight = 160;
} // namespace

// Each photo's score in the workspace's newest finder run (its own suspect, or its person's).
void MapPanel::loadSuspectScores()
{
    m_suspectScores.clear();
    const QStringList runs = finder::FinderRun::list(m_session->workspace().dir());
    QString error; // no readable run: the colouring says there is none
    const auto results = runs.isEmpty()
                             ? std::nullopt
                             : finder::loadFinderResults(
                                   finder::FinderRun(runs.front()), m_session->workspace().dir(),
                                   m_session->labels(), m_session->thresholds(), &error);
    if (!results)
        return;
    QHash<QString, std::vector<const finder::Suspect *>> byFolder;
    for (const finder::Suspect &s : results->suspects)
        if (s.kind != finder::SuspectKind::Duplicate) // its score is a likeness, not an error
            byFolder[s.folder].push_back(&s);
    m_suspectScores.assign(m_table->photos.size(), -1.0);
    for (size_t i = 0; i < m_table->photos.size(); ++i) {
        const EmbeddedPhoto &photo = m_table->photos[i];
        for (const finder::Suspect *s : byFolder.value(photo.path.section(u'/', 2, 2)))
            if (s->photoSlots.empty() ||
                std::count(s->photoSlots.begin(), s->photoSlots.end(), photo.slot) > 0)
                m_suspectScores[i] = std::max(m_suspectScores[i], s->score);
    }
}

QString MapPanel::absolutePath(int row) const
{
    return m_datasetRoot + u'/' + table()->photos[size_t(row)].path;
}

QString MapPanel::labelText(int row) const
{
    const EmbeddedPhoto &photo = table()->photos[size_t(row)];
    const int person = m_persons[size_t(row)];
    return person >= 0 && photo.slot >= 0 ? className(classIndex(m_session->labels().label(
                                                person, photo.slot, m_session->thresholds())))
                                          : tr("eval photo");
}

QString MapPanel::photoText(int row) const
{
    const EmbeddedPhoto &photo = table()->photos[size_t(row)];
    const QStringList parts = photo.path.split(u'/');
    const QString name = parts.size() >= 2 && photo.split != PhotoSplit::Eval
                             ? parts[parts.size() - 2] + u'/' + parts.last()
                             : parts.last().left(12);
    const int person = m_persons[size_t(row)];
    const QString label = person >= 0 && photo.slot >= 0
                              ? className(classIndex(m_session->labels().label(
                                    person, photo.slot, m_session->thresholds())))
                              : tr("eval");
    return tr("%1\n%2 \u00b7 run: %3")
        .arg(name, label, photo.predicted >= 0 ? className(photo.predicted) : tr("?"));
}

void MapPanel::onHovered(int row)
{
    m_hoveredRow = row;
    if (!isRow(row)) {
        m_hover->hide();
        return;
    }
    const QPixmap *pixmap =
        m_thumbnails->pixmap(absolutePath(row), kHoverHeight, ThumbnailCache::kAlwaysWanted);
    QPixmap card(220, kHoverHeight + 56);
    card.fill(palette().toolTipBase().color());
    QPainter painter(&card);
    if (pixmap)
        painter.drawPixmap((card.width() - pixmap->width()) / 2, 0, *pixmap);
    painter.setPen(palette().toolTipText().color());
    QStringList lines; // each line whole or cut with an ellipsis, never broken mid-word
    for (const QString &line : photoText(row).split(u'\n'))
        lines << painter.fontMetrics().elidedText(line, Qt::ElideMiddle, card.width() - 8);
    painter.drawText(QRect(4, kHoverHeight, card.width() - 8, 56), Qt::AlignCenter,
                     lines.join(u'\n'));
    painter.end();
    m_hover->setPixmap(card);
    m_hover->adjustSize();
    m_hover->move(QCursor::pos() + QPoint(16, 16));
    m_hover->show();
}

void MapPanel::onSelectionChanged()
{
    const std::vector<int> &selected = m_view->selection();
    std::vector<StripPhoto> photos;
    QSet<int> persons;
    int eval = 0;
    for (int row : selected) {
        if (!isRow(row))
            continue;
        photos.push_back({row, absolutePath(row), labelText(row), photoText(row)});
        if (m_persons[size_t(row)] >= 0)
            persons.insert(m_persons[size_t(row)]);
        else
            ++eval;
    }
    m_view->setMarked({});
    showInStrip(selected, photos,
                selected.empty()
                    ? tr("Draw a lasso on the map to see its photos.")
                    : tr("%1 selected: %2, %3%4")
                          .arg(counted(qsizetype(selected.size()), tr("photo"), tr("photos")),
                               counted(persons.size(), tr("person"), tr("persons")),
                               counted(eval, tr("eval photo"), tr("eval photos")))
                          .arg(selected.size() > size_t(MapPhotoStrip::kMostShown)
                                   ? tr(" (the first %1 shown)").arg(MapPhotoStrip::kMostShown)
                                   : QString()));
}

// The strip shows `photos` and stands for `rows` (all of a selection, of which it shows the
// first few hundred): the buttons under the title act on those rows.
void MapPanel::showInStrip(const std::vector<int> &rows, const std::vector<StripPhoto> &photos,
                           const QString &title)
{
    m_shown = rows;
    m_strip->showPhotos(photos);
    m_stripTitle->setText(title);
    bool person = false, eval = false;
    for (int row : rows)
        (isRow(row) && m_persons[size_t(row)] >= 0 ? person : eval) = true;
    m_browse->setEnabled(person);
    m_showEval->setEnabled(eval);
    m_like->setEnabled(!rows.empty());
}

// More like this for the photo picked in the strip, else the first the strip stands for.
void MapPanel::showLikeOfPicked()
{
    const int picked = m_strip->currentRow() >= 0 ? m_strip->rowAt(m_strip->currentRow()) : -1;
    showLike(picked >= 0 ? picked : m_shown.empty() ? -1 : m_shown.front());
}

void MapPanel::showLike(int row)
{
    if (!isRow(row))
        return;
    if (!m_similar) // unit vectors and an index, made once per map
        m_similar = std::make_unique<SimilarPhotos>(*m_table);
    const SimilarPhotos &similar = *m_similar;
    std::vector<StripPhoto> photos{
        {row, absolutePath(row), tr("this photo\n%1").arg(labelText(row)), photoText(row)}};
    std::vector<int> marked{row};
    for (const auto &[other, cosine] : similar.like(row, kLikeCount)) {
        photos.push_back({other, absolutePath(other),
                          tr("%1 alike\n%2").arg(double(cosine), 0, 'f', 3).arg(labelText(other)),
                          photoText(other)});
        marked.push_back(other);
    }
    m_view->setMarked(marked);
    showInStrip(marked, photos,
                tr("The %1 photos on the map most like %2, by the cosine similarity of %3's "
                   "features")
                    .arg(kLikeCount)
                    .arg(table()->photos[size_t(row)].path, m_mappedRun));
}

bool MapPanel::showLikePath(const QString &path)
{
    if (m_job->isRunning() && m_job->generation() == m_generation) {
        m_pendingLike = path; // shown when this map is ready
        return true;
    }
    if (!table()) {
        QString error;
        if (startMapping(m_runs->currentData().toString(), &error)) {
            m_pendingLike = path;
            return true;
        }
        m_status->setText(tr("More like this needs a map: %1").arg(error));
        return false;
    }
    const QString relative = QDir(m_datasetRoot).relativeFilePath(path);
    for (int row = 0; row < table()->size(); ++row)
        if (table()->photos[size_t(row)].path == relative) {
            showLike(row);
            return true;
        }
    m_status->setText(tr("%1 is not on the map (an eval photo needs Eval photos too; a photo "
                         "added since needs Map again)")
                          .arg(relative));
    return false;
}

void MapPanel::onContext(int row, const QPoint &globalPosition)
{
    if (!isRow(row))
        return;
    QMenu menu;
    menu.addAction(tr("More like this"), this, [this, row] { showLike(row); });
    const int person = m_persons[size_t(row)];
    if (person >= 0)
        menu.addAction(tr("Show this person in Browser"), this, [this, person] {
            const QString folder = m_session->labels().person(person).folder;
            emit personsRequested({folder}, folder);
        });
    menu.exec(globalPosition);
}

void MapPanel::showSelectedInEval()
{
    QSet<QString> ids; // eval/images/<ImageID>
    for (int row : m_shown)
        if (isRow(row) && m_table->photos[size_t(row)].split == PhotoSplit::Eval)
            ids.insert(m_table->photos[size_t(row)].path.section(u'/', -1));
    emit evalImagesRequested(ids, tr("map selection"));
}

void MapPanel::showSelectedInBrowser()
{
    QSet<QString> folders;
    for (int row : m_shown)
        if (isRow(row) && m_persons[size_t(row)] >= 0)
            folders.insert(m_session->labels().person(m_persons[size_t(row)]).folder);
    emit personsRequested(folders, tr("map selection"));
}

} // namespace masklab::ui
