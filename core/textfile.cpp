#include "textfile.h"

#include <QFile>
#include <QSaveFile>

#include <cerrno>
#include <cstring>

namespace masklab {

namespace {
// Why the last write failed: the system's words (errno), as Qt's may be "Unknown error".
QString writeFailure(const QString &path, int savedErrno, const QFileDevice &file)
{
    const QString reason =
        savedErrno != 0 ? QString::fromLocal8Bit(std::strerror(savedErrno)) : file.errorString();
    return QStringLiteral("%1: %2").arg(path, reason);
}
} // namespace

bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    errno = 0;
    if (file.write(bytes) != bytes.size()) {
        if (error)
            *error = writeFailure(path, errno, file);
        return false; // QSaveFile removes its temporary file; the old file is untouched
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool writeTextFile(const QString &path, const QString &text, QString *error)
{
    return writeFileAtomically(path, text.toUtf8(), error);
}

bool appendToFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    const qint64 before = file.size();
    errno = 0;
    if (file.write(bytes) != bytes.size()) {
        if (error)
            *error = writeFailure(path, errno, file);
        file.resize(before);
        return false;
    }
    return true;
}

} // namespace masklab
