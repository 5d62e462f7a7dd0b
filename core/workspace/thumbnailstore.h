#pragma once
// The user's thumbnail cache on disk, shared by every dataset: ~/.cache/MaskLab/thumbnails (or
// under $XDG_CACHE_HOME), outside every dataset. An entry is a small encoded image keyed by the
// photo's path, size, modification time and the thumbnail's height, so a changed photo or
// another height is another entry. The encoding is the caller's (core has no image codecs); the
// files are this class's, like every other file MaskLab keeps.

#include <QByteArray>
#include <QString>

namespace masklab {

class ThumbnailStore
{
public:
    static QString defaultDir();

    explicit ThumbnailStore(QString dir = defaultDir()) : m_dir(std::move(dir)) {}

    QString dir() const { return m_dir; }
    // Where the entry for this photo at this height lives (it may not exist).
    QString entryPath(const QString &photo, int height) const;
    // The stored bytes, or empty when there is no entry (or it cannot be read).
    QByteArray read(const QString &photo, int height) const;
    // Writes under a temporary name, then renames over the entry: a killed process never leaves
    // half an entry. No fsync (unlike writeFileAtomically): a lost entry is simply made again.
    // False when the entry could not be written.
    bool write(const QString &photo, int height, const QByteArray &encoded) const;

private:
    QString m_dir;
};

} // namespace masklab
