#pragma once
// Shared by the fuzz targets: the input as Qt bytes, and as a file for readers that take a path.

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace masklab::fuzz {

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// Writes the input to one file of this process's temporary folder and returns its path.
QString asFile(const uint8_t *data, size_t size, const char *name);

} // namespace masklab::fuzz
