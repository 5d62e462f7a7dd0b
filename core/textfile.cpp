#include "textfile.h"

#include <QFile>
#include <QSaveFile>

#include <cerrno>
#include <cstring>

namespace masklab {

QString writeFailureReason(int savedErrno, const QFileDevice &file)
{
    return savedErrno != 0 ? QString::fromLocal8Bit(std::strerror(savedErrno)) : file.errorString();
}

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
            *error = QStringLiteral("%1: %2").arg(path, writeFailureReason(errno, file));
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
            *error = QStringLiteral("%1: %2").arg(path, writeFailureReason(errno, file));
        file.resize(before);
        return false;
    }
    return true;
}

} // namespace masklab
