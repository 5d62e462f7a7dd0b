#include "embeddingcache.h"

#include "csvtable.h"
#include "textfile.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

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

StoredVectors EmbeddingCache::load(const QString &key, const QStringList &photos) const
{
    StoredVectors stored;
    stored.found.assign(size_t(photos.size()), false);
    stored.predicted.assign(size_t(photos.size()), -1);
    if (!enabled())
        return stored;
    QString ignored; // an unreadable or damaged entry is computed again
    const std::optional<CsvTable> index =
        readStrictCsvFile(entryDir(key) + u'/' + QLatin1String(kPhotosFile), &ignored);
    QFile vectors(entryDir(key) + u'/' + QLatin1String(kVectorsFile));
    if (!index || index->records.empty() || !vectors.open(QIODevice::ReadOnly))
        return stored;
    const QByteArray bytes = vectors.readAll();
    const qint64 rowCount = qint64(index->records.size());
    stored.dims = int(bytes.size() / 4 / rowCount);
    struct Row
    {
        QString stamp;
        int row;
        int predicted;
    };
    QHash<QString, Row> rows; // by path
    for (const CsvRecord &r : index->records)
        rows.insert(index->field(r, 0),
                    {index->field(r, 1) + u'|' + index->field(r, 2),
                     std::clamp(index->field(r, 3).toInt(), 0, int(rowCount) - 1),
                     index->field(r, 4).isEmpty() ? -1 : index->field(r, 4).toInt()});
    const qint64 rowBytes = qint64(stored.dims) * 4;
    if (stored.dims <= 0 || bytes.size() != rowBytes * rowCount)
        return stored;
    stored.values.assign(size_t(photos.size()) * size_t(stored.dims), 0.f);
    for (int i = 0; i < photos.size(); ++i) {
        const auto row = rows.constFind(photos[i]);
        if (row == rows.constEnd() || row->stamp != fileStamp(photos[i]))
            continue;
        std::memcpy(stored.values.data() + size_t(i) * size_t(stored.dims),
                    bytes.constData() + row->row * rowBytes, size_t(rowBytes));
        stored.found[size_t(i)] = true;
        stored.predicted[size_t(i)] = row->predicted;
    }
    return stored;
}

bool EmbeddingCache::store(const QString &key, const QStringList &photos, int dims,
                           const std::vector<float> &values, const std::vector<int> &predicted,
                           QString *error) const
{
    if (!enabled())
        return true;
    if (!QDir().mkpath(entryDir(key))) {
        *error = QStringLiteral("%1: cannot create the folder").arg(entryDir(key));
        return false;
    }
    if (photos.isEmpty() || dims <= 0)
        return true;
    QString index = QStringLiteral("path,bytes,modified_ms,row,predicted\n");
    for (int i = 0; i < photos.size(); ++i) {
        const QStringList stamp = fileStamp(photos[i]).split(u'|');
        index += QStringLiteral("%1,%2,%3,%4,%5\n")
                     .arg(csvEscape(photos[i]), stamp.value(0), stamp.value(1))
                     .arg(i)
                     .arg(size_t(i) < predicted.size() ? predicted[size_t(i)] : -1);
    }
    const QByteArray bytes(reinterpret_cast<const char *>(values.data()),
                           qsizetype(values.size() * sizeof(float)));
    // The old index goes first: a crash in between leaves no entry, never an index that points
    // into other vectors.
    QFile::remove(entryDir(key) + u'/' + QLatin1String(kPhotosFile));
    return writeFileAtomically(entryDir(key) + u'/' + QLatin1String(kVectorsFile), bytes, error) &&
           writeTextFile(entryDir(key) + u'/' + QLatin1String(kPhotosFile), index, error);
}

} // namespace masklab
