#pragma once
// Writing a text file the safe way: to a temporary file, synced, then renamed over the target,
// so a crash leaves either the old file or the new one.

#include <QString>

namespace masklab {

// UTF-8. On failure returns false and sets error to "<path>: <reason>".
bool writeTextFile(const QString &path, const QString &text, QString *error);

} // namespace masklab
