#pragma once
// Writing a file the safe way: to a temporary file, synced, then renamed over the target, so a
// crash or a full disk leaves either the old file or the new one.
//
// Whoever uses QSaveFile directly must open it Unbuffered: buffered, Qt 6.4's commit() misses a
// write that fails when the buffer is flushed (a full disk) and renames the cut file over the
// old one.

#include <QByteArray>
#include <QFileDevice>
#include <QString>

#include <functional>

namespace masklab {

// On failure returns false and sets error to "<path>: <reason>"; the old file is untouched.
bool writeFileAtomically(const QString &path, const QByteArray &bytes, QString *error);

// The same for content made piece by piece (a checkpoint streamed out of LibTorch):
// produce(write, reason) calls write(data, size) for each piece. A write that fails returns
// false and keeps its reason for the error; produce may also give up by returning false with
// its own reason. Either way the temporary file is removed and the old file stays.
using ChunkWriter = std::function<bool(const char *data, qint64 size)>;
bool writeFileAtomically(
    const QString &path,
    const std::function<bool(const ChunkWriter &write, QString *reason)> &produce, QString *error);

// UTF-8, as above.
bool writeTextFile(const QString &path, const QString &text, QString *error);

// Why the last write to file failed, in the system's words when errno says (Qt's own text may
// be "Unknown error"). Set errno to 0 before the write.
QString writeFailureReason(int savedErrno, const QFileDevice &file);

// Appends bytes (the file is created when missing). When the write fails the file is cut back
// to its old length, so a full disk never leaves half a line for the next append to join.
bool appendToFile(const QString &path, const QByteArray &bytes, QString *error);

} // namespace masklab
