#include "embeddingcache.h"

#include "csvtable.h"
#include "textfile.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <cstring>

namespace masklab {

namespace {

const char kPhotosFile[] = "photos.csv";   // path,bytes,modified_ms,row,predicted
const char kVectorsFile[] = "vectors.f32"; // float32 rows in the machine's byte order

// "<bytes>|<modified>" of a file; empty when it is not one.
QString fileStamp(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return {};
    return QStringLiteral("%1|%2").arg(info.size()).arg(info.lastModified().toMSecsSinceEpoch());
}

} // namespace

int StoredVectors::foundCount() const
{
    return int(std::count(found.begin(), found.end(), true));
}

EmbeddingCache EmbeddingCache::forWorkspace(const QString &workspaceDir)
{
    return EmbeddingCache(workspaceDir + QStringLiteral("/embeddings"));
}

std::optional<QString> EmbeddingCache::key(const QStringList &checkpoints, QString *error)
{
    QStringList stamps;
    for (const QString &path : checkpoints) {
        const QString stamp = fileStamp(path);
        if (stamp.isEmpty()) {
            *error = QStringLiteral("%1: the checkpoint is missing").arg(path);
            return std::nullopt;
        }
        stamps << QFileInfo(path).canonicalFilePath() + u'|' + stamp;
    }
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(stamps.join(u'\n').toUtf8());
    return QString::fromLatin1(hash.result().toHex().left(16));
}

// What an entry holds: each photo's stamp, row and answer, and the vectors; nothing when it is
// missing or damaged (rows out of range, a vectors file of another length).
std::optional<EmbeddingCache::Entry> EmbeddingCache::readEntry(const QString &key) const
{
    QString ignored; // an unreadable or damaged entry is computed again
    const std::optional<CsvTable> index =
        readStrictCsvFile(entryDir(key) + u'/' + QLatin1String(kPhotosFile), &ignored);
    QFile vectors(entryDir(key) + u'/' + QLatin1String(kVectorsFile));
    if (!index || index->records.empty() || !vectors.open(QIODevice::ReadOnly))
        return std::nullopt;
    Entry entry;
    entry.bytes = vectors.readAll();
    const qint64 rowCount = qint64(index->records.size());
    entry.dims = int(entry.bytes.size() / 4 / rowCount);
    if (entry.dims <= 0 || entry.bytes.size() != qint64(entry.dims) * 4 * rowCount)
        return std::nullopt;
    for (const CsvRecord &r : index->records) {
        bool ok = false;
        const int row = index->field(r, 3).toInt(&ok);
        if (!ok || row < 0 || row >= rowCount)
            return std::nullopt;
        entry.rows.insert(index->field(r, 0),
                          {index->field(r, 1) + u'|' + index->field(r, 2), row,
                           index->field(r, 4).isEmpty() ? -1 : index->field(r, 4).toInt()});
    }
    return entry;
}

StoredVectors EmbeddingCache::load(const QString &key, const QStringList &photos) const
{
    StoredVectors stored;
    stored.found.assign(size_t(photos.size()), false);
    stored.predicted.assign(size_t(photos.size()), -1);
    const std::optional<Entry> entry = enabled() ? readEntry(key) : std::nullopt;
    if (!entry)
        return stored;
    stored.dims = entry->dims;
    const qint64 rowBytes = qint64(stored.dims) * 4;
    stored.values.assign(size_t(photos.size()) * size_t(stored.dims), 0.f);
    for (int i = 0; i < photos.size(); ++i) {
        const auto row = entry->rows.constFind(photos[i]);
        if (row == entry->rows.constEnd() || row->stamp != fileStamp(photos[i]))
            continue;
        std::memcpy(stored.values.data() + size_t(i) * size_t(stored.dims),
                    entry->bytes.constData() + row->row * rowBytes, size_t(rowBytes));
        stored.found[size_t(i)] = true;
        stored.predicted[size_t(i)] = row->predicted;
    }
    return stored;
}

bool EmbeddingCache::store(const QString &key, const QStringList &photos, int dims,
                           const std::vector<float> &values, const std::vector<int> &predicted,
                           QString *error) const
{
    if (!enabled() || photos.isEmpty() || dims <= 0)
        return true;
    if (!QDir().mkpath(entryDir(key))) {
        *error = QStringLiteral("%1: cannot create the folder").arg(entryDir(key));
        return false;
    }
    QByteArray bytes(reinterpret_cast<const char *>(values.data()),
                     qsizetype(values.size() * sizeof(float)));
    QString index = QStringLiteral("path,bytes,modified_ms,row,predicted\n");
    const auto addRow = [&index](const QString &path, const QString &stamp, int row, int answer) {
        const QStringList parts = stamp.split(u'|');
        index += csvEscape(path) + u',' + parts.value(0) + u',' + parts.value(1) + u',' +
                 QString::number(row) + u',' + QString::number(answer) + u'\n';
    };
    for (int i = 0; i < photos.size(); ++i)
        addRow(photos[i], fileStamp(photos[i]), i,
               size_t(i) < predicted.size() ? predicted[size_t(i)] : -1);
    // Photos stored before and not in this call (the eval photos of an earlier map, say) stay,
    // while their files are unchanged.
    const QSet<QString> now(photos.begin(), photos.end());
    if (const std::optional<Entry> old = readEntry(key); old && old->dims == dims) {
        int row = int(photos.size());
        for (auto it = old->rows.constBegin(); it != old->rows.constEnd(); ++it) {
            if (now.contains(it.key()) || it->stamp != fileStamp(it.key()))
                continue;
            bytes.append(old->bytes.mid(qsizetype(it->row) * dims * 4, qsizetype(dims) * 4));
            addRow(it.key(), it->stamp, row++, it->predicted);
        }
    }
    // The old index goes first: a crash in between leaves no entry, never an index that points
    // into other vectors.
    QFile::remove(entryDir(key) + u'/' + QLatin1String(kPhotosFile));
    return writeFileAtomically(entryDir(key) + u'/' + QLatin1String(kVectorsFile), bytes, error) &&
           writeTextFile(entryDir(key) + u'/' + QLatin1String(kPhotosFile), index, error);
}

} // namespace masklab
