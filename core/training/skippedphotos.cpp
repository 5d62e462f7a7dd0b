#include "skippedphotos.h"

#include "csvtable.h"
#include "imageheader.h"
#include "parallel.h"
#include "textfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace masklab {

namespace {
const QString kListName = QStringLiteral("skipped_photos.csv");
const QByteArray kHeader = "path,reason,epoch\n";
} // namespace

SkippedPhotos::SkippedPhotos(QString runDir, QString datasetRoot, int photos, double maxShare)
    : m_runDir(std::move(runDir)), m_datasetRoot(std::move(datasetRoot)), m_photos(photos),
      m_maxShare(maxShare)
{
    QString ignored; // no list yet, or one this run wrote itself
    if (const auto table = readCsvFile(listPath(), &ignored)) {
        const int path = table->column(QStringLiteral("path"));
        for (const CsvRecord &record : table->records) {
            const QString listed = table->field(record, path);
            if (!listed.isEmpty() && m_paths.insert(listed).second && m_firstFew.size() < 3)
                m_firstFew << listed;
        }
    }
}

QString SkippedPhotos::name(const QString &path) const
{
    return m_datasetRoot.isEmpty() ? path : QDir(m_datasetRoot).relativeFilePath(path);
}

QString SkippedPhotos::addedMessage(const std::vector<SkippedPhoto> &added) const
{
    QStringList named;
    for (size_t i = 0; i < added.size() && i < 3; ++i)
        named << QStringLiteral("%1 (%2)").arg(name(added[i].path), added[i].reason);
    return QStringLiteral("skipped %1 photo(s) that do not decode: %2%3; %4 so far, listed in %5")
        .arg(added.size())
        .arg(named.join(QStringLiteral(", ")),
             added.size() > 3 ? QStringLiteral(", ...") : QString())
        .arg(count())
        .arg(QDir::toNativeSeparators(listPath()));
}

QString SkippedPhotos::listPath() const
{
    return m_runDir + u'/' + kListName;
}

std::vector<SkippedPhoto> SkippedPhotos::add(const std::vector<SkippedPhoto> &photos, int epoch,
                                             QString *error)
{
    std::vector<SkippedPhoto> added;
    QByteArray rows;
    for (const SkippedPhoto &photo : photos) {
        if (!m_paths.insert(photo.path).second)
            continue;
        added.push_back(photo);
        if (m_firstFew.size() < 3)
            m_firstFew << photo.path;
        rows += (csvEscape(photo.path) + u',' + csvEscape(photo.reason) + u',' +
                 QString::number(epoch) + u'\n')
                    .toUtf8();
    }
    if (rows.isEmpty())
        return added;
    if (!QFileInfo::exists(listPath()))
        rows.prepend(kHeader);
    appendToFile(listPath(), rows, error);
    return added;
}

bool SkippedPhotos::overLimit() const
{
    return m_photos > 0 && double(count()) > m_maxShare * double(m_photos);
}

QString SkippedPhotos::limitMessage() const
{
    QStringList names;
    for (const QString &path : m_firstFew)
        names << name(path);
    return QStringLiteral("%1 of the run's %2 photos do not decode (%3%), more than "
                          "data.max_skipped_photos allows (%4%): %5%6; fix or remove them (the "
                          "list is in %7) or raise the limit")
        .arg(count())
        .arg(m_photos)
        .arg(100.0 * count() / std::max(1, m_photos), 0, 'g', 3)
        .arg(100.0 * m_maxShare, 0, 'g', 3)
        .arg(names.join(QStringLiteral(", ")),
             count() > m_firstFew.size() ? QStringLiteral(", ...") : QString(),
             QDir::toNativeSeparators(listPath()));
}

std::vector<std::pair<size_t, SkippedPhoto>> findUnreadable(const QStringList &paths, int threads)
{
    std::vector<ImageHeader> headers(size_t(paths.size()));
    parallelFor(paths.size(), threads,
                [&](int64_t i) { headers[size_t(i)] = readImageHeader(paths[int(i)]); });
    std::vector<std::pair<size_t, SkippedPhoto>> unreadable;
    for (size_t i = 0; i < headers.size(); ++i)
        if (headers[i].status != ImageStatus::Ok)
            unreadable.push_back({i, {paths[int(i)], headers[i].error}});
    return unreadable;
}

} // namespace masklab
