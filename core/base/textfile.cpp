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
    return writeFileAtomically(
        path,
        [&](const ChunkWriter &write, QString *) { return write(bytes.data(), bytes.size()); },
        error);
}

bool writeFileAtomically(
    const QString &path,
    const std::function<bool(const ChunkWriter &write, QString *reason)> &produce, QString *error)
{
    QSaveFile file(path);
    const auto fail = [&](const QString &reason) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, reason);
        file.cancelWriting(); // QSaveFile removes its temporary file; the old file is untouched
        return false;
    };
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return fail(file.errorString());
    QString writeFailure;
    const ChunkWriter write = [&](const char *data, qint64 size) {
        if (!writeFailure.isEmpty())
            return false;
        errno = 0;
        if (file.write(data, size) == size)
            return true;
        writeFailure = writeFailureReason(errno, file);
        return false;
    };
    QString reason;
    const bool produced = produce(write, &reason);
    if (!writeFailure.isEmpty())
        return fail(writeFailure);
    if (!produced)
        return fail(reason);
    if (!file.commit())
        return fail(file.errorString());
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
