#include "suspectview.h"

#include "labelsession.h"
#include "thumbnailcache.h"

#include <QDir>
#include <QPainter>

namespace masklab::ui {

namespace {
constexpr int kThumbHeight = 256; // the cache's larger tier
constexpr int kBarHeight = 14;
} // namespace

SuspectView::SuspectView(ThumbnailCache *thumbnails, QWidget *parent)
    : QWidget(parent), m_thumbnails(thumbnails)
{
    setMinimumHeight(300);
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this, [this] { update(); });
}

void SuspectView::setSuspect(const std::optional<finder::Suspect> &suspect)
{
    m_suspect = suspect;
    m_overlays.clear();
    update();
}

void SuspectView::setOverlays(const QHash<QString, QImage> &overlays)
{
    m_overlays = overlays;
    update();
}

QStringList SuspectView::photoPaths() const
{
    QStringList paths;
    for (const Cell &cell : cells())
        if (!cell.path.isEmpty())
            paths << cell.path;
    return paths;
}

QString SuspectView::fixText() const
{
    if (!m_suspect)
        return {};
    const finder::Suspect &s = *m_suspect;
    switch (s.kind) {
    case finder::SuspectKind::Gender:
        return tr("Suggested: %1 instead of %2, for all 7 photos").arg(s.suggested, s.given);
    case finder::SuspectKind::Age:
        return tr("Suggested: age group %1 instead of %2 (stated age %3)")
            .arg(s.suggested, s.given)
            .arg(s.age);
    case finder::SuspectKind::MaskSwap:
        return tr("Suggested: swap the mask states of %1 (%2 becomes %3)")
            .arg(s.photo().replace(u'+', QStringLiteral(" and ")), s.given, s.suggested);
    case finder::SuspectKind::Mask:
        return tr("Suggested: %1 is %2, not %3").arg(s.photo(), s.suggested, s.given);
    case finder::SuspectKind::Duplicate:
        return s.suggested == QLatin1String("exclude")
                   ? tr("Suggested: exclude %1 from training; it copies %2")
                         .arg(s.photo().isEmpty() ? tr("this person's photos") : s.photo(), s.other)
                   : tr("The eval image %1 copies this photo: its answer is this photo's class")
                         .arg(s.other);
    }
    return {};
}

QString SuspectView::goneText() const
{
    return tr("%1 is not in the dataset any more: its folder was removed or renamed since the "
              "finder ran. N goes to the next suspect.")
        .arg(m_suspect ? m_suspect->folder : QString());
}

QString SuspectView::photosGoneText() const
{
    return tr("The photos this suspect is about are not in the dataset any more (removed since "
              "the finder ran). N goes to the next suspect.");
}

std::vector<SuspectView::Cell> SuspectView::cells() const
{
    std::vector<Cell> cells;
    if (!m_suspect || !m_session)
        return cells;
    const LabeledDataset &labels = m_session->labels();
    const int person = labels.indexOf(m_suspect->folder);
    if (person < 0)
        return cells;
    for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
        Cell cell;
        cell.path = labels.dataset().photoPath(labels.person(person), slot);
        cell.caption =
            photoSlotStem(slot) + QStringLiteral(": ") + maskStateName(labels.mask(person, slot));
        const auto &marked = m_suspect->photoSlots;
        cell.concerned = std::find(marked.begin(), marked.end(), slot) != marked.end();
        cell.given = m_suspect->kind == finder::SuspectKind::Gender
                         ? genderName(labels.gender(person))
                     : m_suspect->kind == finder::SuspectKind::Age
                         ? ageGroupName(m_session->thresholds().groupOf(labels.age(person)))
                         : maskStateName(labels.mask(person, slot));
        for (size_t e = 0; e < m_suspect->evidence.size(); ++e)
            if (m_suspect->evidence[e].slot == slot)
                cell.evidence = int(e);
        cells.push_back(cell);
    }
    if (m_suspect->kind == finder::SuspectKind::Duplicate && m_suspect->other.contains(u'.'))
        cells.push_back({QDir(labels.dataset().root).filePath(m_suspect->other),
                         tr("the other copy"), -1, true, QString()});
    return cells;
}

void SuspectView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (!m_suspect) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Select a suspect to see its photos and evidence"));
        return;
    }
    const finder::Suspect &s = *m_suspect;
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::Text));
    const int line = fontMetrics().height() + 4;
    p.drawText(QRect(8, 4, width() - 16, line), Qt::AlignLeft | Qt::AlignVCenter,
               tr("%1  %2  score %3")
                   .arg(s.folder, finder::suspectKindName(s.kind))
                   .arg(s.score, 0, 'f', 3));
    p.setFont(font());
    // The fix in words, on two lines when the view is narrow.
    const QRect fix = fixRect();
    p.drawText(fix, Qt::AlignLeft | Qt::TextWordWrap, fixText());
    const std::vector<Cell> all = cells();
    if (all.empty()) { // the person's folder is not in the dataset as scanned now
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(8, fix.bottom() + 12, width() - 16, height() - fix.bottom() - 16),
                   Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, goneText());
        return;
    }
    for (size_t i = 0; i < all.size(); ++i)
        paintCell(p, cellRect(int(i), int(all.size())), all[i]);
    // The person is here but not the photos in question: nothing to judge, and it says why.
    const bool anyConcerned =
        std::any_of(all.begin(), all.end(), [](const Cell &c) { return c.concerned; });
    if (std::all_of(all.begin(), all.end(), [anyConcerned](const Cell &c) {
            return (anyConcerned && !c.concerned) || c.path.isEmpty();
        })) {
        const int line = fontMetrics().height() + 4;
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(8, height() - 2 * line - 4, width() - 16, 2 * line),
                   Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, photosGoneText());
    }
}

QRect SuspectView::fixRect() const
{
    const int line = fontMetrics().height() + 4;
    return fontMetrics().boundingRect(QRect(8, 4 + line, width() - 16, 2 * line),
                                      Qt::AlignLeft | Qt::TextWordWrap, fixText());
}

QRect SuspectView::cellRect(int index, int count) const
{
    const int top = fixRect().bottom() + 6;
    const int cellWidth = std::max(60, (width() - 16) / std::max(1, count));
    return QRect(8 + index * cellWidth, top, cellWidth - 6, height() - top - 4);
}

QRect SuspectView::photoRectIn(const QRect &rect, const Cell &cell) const
{
    const int bars = cell.evidence >= 0 ? int(m_suspect->classes.size()) : 0;
    const int captionHeight = fontMetrics().height() + 2;
    const int photoHeight = std::max(40, rect.height() - captionHeight - bars * (kBarHeight + 2));
    return QRect(rect.left(), rect.top(), rect.width(),
                 std::min(photoHeight, rect.width() * 4 / 3));
}

std::vector<QRect> SuspectView::photoRects() const
{
    std::vector<QRect> rects;
    const std::vector<Cell> all = cells();
    for (size_t i = 0; i < all.size(); ++i)
        rects.push_back(photoRectIn(cellRect(int(i), int(all.size())), all[i]));
    return rects;
}

void SuspectView::paintCell(QPainter &p, const QRect &rect, const Cell &cell) const
{
    const int bars = cell.evidence >= 0 ? int(m_suspect->classes.size()) : 0;
    const int captionHeight = fontMetrics().height() + 2;
    const QRect photoRect = photoRectIn(rect, cell);
    // Not a browser row: the load is never dropped, whatever the browser has scrolled to.
    const QPixmap *pixmap =
        cell.path.isEmpty()
            ? nullptr
            : m_thumbnails->pixmap(cell.path, kThumbHeight, ThumbnailCache::kAlwaysWanted);
    const auto overlay = m_overlays.constFind(cell.path);
    if (overlay != m_overlays.constEnd()) { // where the model looks, over the photo
        const QImage scaled =
            overlay->scaled(photoRect.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
        p.drawImage(photoRect.left() + (photoRect.width() - scaled.width()) / 2, photoRect.top(),
                    scaled);
    } else if (pixmap) {
        const QPixmap scaled =
            pixmap->scaled(photoRect.size(), Qt::KeepAspectRatio, Qt::SmoothTransformation);
        p.drawPixmap(photoRect.left() + (photoRect.width() - scaled.width()) / 2, photoRect.top(),
                     scaled);
    } else {
        paintPhotoPlaceholder(&p, photoRect,
                              cell.path.isEmpty() ? PhotoState::Missing
                                                  : m_thumbnails->state(cell.path, kThumbHeight));
    }
    if (cell.concerned) {
        p.setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 3));
        p.drawRect(photoRect.adjusted(1, 1, -2, -2));
    }
    p.setPen(palette().color(QPalette::Text));
    const QRect caption(rect.left(), photoRect.bottom() + 2, rect.width(), captionHeight);
    p.drawText(caption, Qt::AlignHCenter | Qt::AlignVCenter,
               fontMetrics().elidedText(cell.caption, Qt::ElideRight, rect.width()));
    if (cell.evidence >= 0)
        paintBars(p,
                  QRect(rect.left(), caption.bottom() + 2, rect.width(), bars * (kBarHeight + 2)),
                  m_suspect->evidence[size_t(cell.evidence)], cell.given);
}

void SuspectView::paintBars(QPainter &p, const QRect &rect, const finder::PhotoEvidence &evidence,
                            const QString &given) const
{
    const finder::Suspect &s = *m_suspect;
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    for (int c = 0; c < int(s.classes.size()) && c < int(evidence.probabilities.size()); ++c) {
        const QRect row(rect.left(), rect.top() + c * (kBarHeight + 2), rect.width(), kBarHeight);
        const double value = evidence.probabilities[size_t(c)];
        p.fillRect(row, palette().alternateBase());
        const bool isGiven = s.classes[c] == given;
        p.fillRect(QRect(row.topLeft(), QSize(int(row.width() * value), row.height())),
                   isGiven ? QColor(0x90, 0xa4, 0xae) : QColor(0xe5, 0x73, 0x73));
        p.setPen(palette().color(QPalette::Text));
        QFont label = small;
        label.setBold(isGiven); // the photo's label now, in bold
        p.setFont(label);
        p.drawText(row.adjusted(3, 0, -3, 0), Qt::AlignVCenter | Qt::AlignLeft, s.classes[c]);
        p.setFont(small);
        p.drawText(row.adjusted(3, 0, -3, 0), Qt::AlignVCenter | Qt::AlignRight,
                   QString::number(value, 'f', 2));
    }
    p.setFont(font());
}

} // namespace masklab::ui
