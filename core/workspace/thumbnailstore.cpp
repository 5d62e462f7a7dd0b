#include "thumbnailstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

#include <cstdio>

namespace masklab {

QString ThumbnailStore::defaultDir()
{
    // Not CacheLocation: with the app's organisation and name set that is ~/.cache/MaskLab/MaskLab.
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/MaskLab/thumbnails");
}

QString ThumbnailStore::entryPath(const QString &photo, int height) const
{
    const QFileInfo info(photo);
    const QByteArray key = QStringLiteral("%1|%2|%3|%4")
                               .arg(info.absoluteFilePath())
                               .arg(info.size())
                               .arg(info.lastModified().toMSecsSinceEpoch())
                               .arg(height)
                               .toUtf8();
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex());
    return m_dir + u'/' + hash.left(2) + u'/' + hash.mid(2) + QStringLiteral(".jpg");
}

QByteArray ThumbnailStore::read(const QString &photo, int height) const
{
    QFile file(entryPath(photo, height));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool ThumbnailStore::write(const QString &photo, int height, const QByteArray &encoded) const
{
    const QString target = entryPath(photo, height);
    if (!QDir().mkpath(QFileInfo(target).absolutePath()))
        return false;
    // One temporary name per thread: two threads making the same entry do not share one.
    const QString temp =
        target + QStringLiteral(".part%1").arg(quintptr(QThread::currentThreadId()));
    QFile out(temp);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        out.write(encoded) != encoded.size() || !out.flush()) {
        out.close();
        QFile::remove(temp);
        return false;
    }
    out.close();
    // rename(2) replaces an entry that exists (one that did not decode, or another thread's
    // copy of the same thumbnail) in one step; QFile::rename would refuse it.
    if (std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(target).constData()) ==
        0)
        return true;
    QFile::remove(temp);
    return false;
}

} // namespace masklab
