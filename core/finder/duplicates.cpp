#include "duplicates.h"

#include "parallel.h"
#include "textfile.h"

#include <QDataStream>
#include <QDir>
#include <QFileInfo>
#include <QHash>

#include <map>
#include <mutex>

namespace masklab::finder {

namespace {

struct Image
{
    QString relative; // to the dataset root: train/images/<folder>/<file> or eval/images/<id>
    QString absolute;
    int person = -1; // -1 for an eval image
    int slot = -1;
    qint64 size = 0;
    qint64 modified = 0; // ms since the epoch
    std::optional<ImageHash> hash;
};

std::vector<Image> listImages(const LabeledDataset &labels)
{
    const Dataset &d = labels.dataset();
    const QDir root(d.root);
    std::vector<Image> images;
    const auto add = [&](const QString &path, int person, int slot) {
        const QFileInfo info(path);
        images.push_back({root.relativeFilePath(path), path, person, slot, info.size(),
                          info.lastModified().toMSecsSinceEpoch(), std::nullopt});
    };
    for (int i = 0; i < labels.personCount(); ++i)
        for (int slot = 0; slot < kPhotoSlotCount; ++slot)
            if (!labels.person(i).photos[size_t(slot)].fileName.isEmpty())
                add(d.photoPath(labels.person(i), slot), i, slot);
    for (const EvalImage &e : d.evalImages)
        if (!e.image.fileName.isEmpty())
            add(d.evalImagePath(e), -1, -1);
    return images;
}

// The cache: a binary file (the thumbnails make a text file large) of path, size, modification
// time and hashes; an entry whose file changed since is not used.
constexpr quint32 kCacheMagic = 0x4d4c4831; // "MLH1"

void readCache(const QString &file, std::vector<Image> &images)
{
    QFile in(file);
    if (file.isEmpty() || !in.open(QIODevice::ReadOnly))
        return;
    QDataStream stream(&in);
    quint32 magic = 0, count = 0;
    stream >> magic >> count;
    if (magic != kCacheMagic)
        return;
    QHash<QString, Image> cached;
    for (quint32 i = 0; i < count && stream.status() == QDataStream::Ok; ++i) {
        Image entry;
        ImageHash hash;
        quint64 perceptual = 0;
        stream >> entry.relative >> entry.size >> entry.modified >> perceptual >> hash.sha1 >>
            hash.thumbnail;
        hash.perceptual = perceptual;
        entry.hash = hash;
        cached.insert(entry.relative, entry);
    }
    if (stream.status() != QDataStream::Ok)
        return; // a damaged cache only costs the time to hash again
    for (Image &image : images) {
        const auto it = cached.constFind(image.relative);
        if (it != cached.constEnd() && it->size == image.size && it->modified == image.modified &&
            it->hash->sha1.size() == 20 &&
            it->hash->thumbnail.size() == kThumbnailSide * kThumbnailSide)
            image.hash = it->hash;
    }
}

void writeCache(const QString &file, const std::vector<Image> &images)
{
    if (!QDir().mkpath(QFileInfo(file).absolutePath()))
        return;
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    quint32 count = 0;
    for (const Image &image : images)
        count += image.hash ? 1 : 0;
    stream << kCacheMagic << count;
    for (const Image &image : images)
        if (image.hash)
            stream << image.relative << image.size << image.modified
                   << quint64(image.hash->perceptual) << image.hash->sha1 << image.hash->thumbnail;
    writeFileAtomically(file, bytes, nullptr); // a cache: if it cannot be written, it is made again
}

struct Match
{
    size_t a = 0, b = 0;   // a is a training photo; b another one or an eval image
    double difference = 0; // of the thumbnails, grey levels
    bool exact = false;
};

std::vector<Match> matchPairs(const std::vector<Image> &images, const DuplicateOptions &options,
                              const ProgressSink &progress)
{
    std::vector<Match> matches;
    std::mutex mutex;
    std::atomic<int64_t> done{0};
    const int64_t n = int64_t(images.size());
    parallelFor(
        n, options.threads,
        [&](int64_t i) {
            const Image &a = images[size_t(i)];
            if (a.person < 0 || !a.hash)
                return; // pairs start at a training photo
            for (int64_t j = 0; j < n; ++j) {
                const Image &b = images[size_t(j)];
                if (!b.hash || b.person == a.person || (b.person >= 0 && j <= i))
                    continue; // within one person photos may look alike; each pair once
                const bool exact = a.hash->sha1 == b.hash->sha1;
                if (!exact && hammingDistance(a.hash->perceptual, b.hash->perceptual) >
                                  options.maxHashDistance)
                    continue; // the cheap test first: most pairs end here
                const double difference =
                    exact ? 0 : thumbnailDifference(a.hash->thumbnail, b.hash->thumbnail);
                if (exact || difference <= options.maxThumbnailDifference) {
                    std::lock_guard<std::mutex> lock(mutex);
                    matches.push_back({size_t(i), size_t(j), difference, exact});
                }
            }
            progress(QStringLiteral("Comparing photos"), ++done, n);
        },
        [&] { return progress.cancelled(); });
    std::sort(matches.begin(), matches.end(), [](const Match &x, const Match &y) {
        return std::tie(x.a, x.b) < std::tie(y.a, y.b);
    });
    return matches;
}

// 1 for the same bytes; else 1 - the thumbnails' mean grey difference over the full range.
double similarity(const Match &m)
{
    return m.exact ? 1.0 : 1.0 - m.difference / 255.0;
}

Suspect copySuspect(const LabeledDataset &labels, const Image &photo, const Image &other,
                    double score)
{
    Suspect s;
    s.kind = SuspectKind::Duplicate;
    s.folder = labels.person(photo.person).folder;
    s.photoSlots = {photo.slot};
    s.other = other.relative;
    s.given = other.relative;
    s.suggested = QString::fromLatin1(other.person >= 0 ? kExcludeCopy : kKnownLabel);
    s.score = score;
    return s;
}

std::vector<Suspect> suspectsOf(const LabeledDataset &labels, const std::vector<Image> &images,
                                const std::vector<Match> &matches, const DuplicateOptions &options)
{
    // Persons sharing several photos are one person under two ids: one suspect for the pair.
    std::map<std::pair<int, int>, std::vector<const Match *>> byPersons;
    for (const Match &m : matches)
        if (images[m.b].person >= 0)
            byPersons[{images[m.a].person, images[m.b].person}].push_back(&m);
    std::vector<Suspect> suspects;
    QSet<const Match *> covered;
    for (const auto &[pair, list] : byPersons) {
        QSet<int> photoSlots;
        double score = 0;
        for (const Match *m : list) {
            photoSlots.insert(images[m->a].slot);
            score = std::max(score, similarity(*m));
        }
        if (photoSlots.size() < options.samePersonPhotos)
            continue;
        Suspect s;
        s.kind = SuspectKind::Duplicate;
        s.folder = labels.person(pair.second).folder; // the later folder is taken as the copy
        s.other = labels.person(pair.first).folder;
        s.given = s.other;
        s.suggested = QString::fromLatin1(kExcludeCopy);
        s.score = score;
        suspects.push_back(s);
        for (const Match *m : list)
            covered.insert(m);
    }
    for (const Match &m : matches) {
        if (covered.contains(&m))
            continue;
        const Image &a = images[m.a];
        const Image &b = images[m.b];
        // Between two training photos the later one is the copy to exclude.
        suspects.push_back(b.person >= 0 ? copySuspect(labels, b, a, similarity(m))
                                         : copySuspect(labels, a, b, similarity(m)));
    }
    rankSuspects(suspects);
    return suspects;
}

} // namespace

DuplicateResult findDuplicates(const LabeledDataset &labels, const QString &cacheFile,
                               const DuplicateOptions &options, const ProgressSink &progress)
{
    DuplicateResult result;
    std::vector<Image> images = listImages(labels);
    readCache(cacheFile, images);
    std::vector<size_t> toHash;
    for (size_t i = 0; i < images.size(); ++i)
        if (!images[i].hash)
            toHash.push_back(i);
    std::atomic<int64_t> done{0};
    const int64_t total = int64_t(toHash.size());
    const int64_t hashed = parallelFor(
        total, options.threads,
        [&](int64_t k) {
            Image &image = images[toHash[size_t(k)]];
            image.hash = hashImageFile(image.absolute);
            progress(QStringLiteral("Hashing photos"), ++done, total);
        },
        [&] { return progress.cancelled(); });
    if (hashed < total || progress.cancelled()) {
        result.error = QStringLiteral("cancelled");
        return result;
    }
    result.hashedNow = int(total);
    if (!cacheFile.isEmpty() && total > 0)
        writeCache(cacheFile, images);
    for (const Image &image : images)
        if (!image.hash)
            result.undecodable << image.relative;
    const std::vector<Match> matches = matchPairs(images, options, progress);
    if (progress.cancelled()) {
        result.error = QStringLiteral("cancelled");
        return result;
    }
    result.suspects = suspectsOf(labels, images, matches, options);
    result.images = int(images.size());
    result.ok = true;
    return result;
}

} // namespace masklab::finder
