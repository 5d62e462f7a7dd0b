#include "fuzzinput.h"

#include <QFile>
#include <QTemporaryDir>

namespace masklab::fuzz {

QString asFile(const uint8_t *data, size_t size, const char *name)
{
    static QTemporaryDir dir; // removed when the process ends
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(reinterpret_cast<const char *>(data), qint64(size)) != qint64(size))
        qFatal("fuzz: cannot write %s", qPrintable(path));
    return path;
}

} // namespace masklab::fuzz
