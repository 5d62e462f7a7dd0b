#pragma once
// Parsing a subcommand's options the same way everywhere: a usage error prints the message and
// the help (exit 2), --help prints the help (exit 0).

#include <QCommandLineParser>

namespace masklab::cli {

// Adds -h/--help, parses "command arguments". False when the caller should return *exitCode.
bool parseCommandLine(QCommandLineParser &parser, const char *command, const QStringList &arguments,
                      const char *help, int *exitCode);

} // namespace masklab::cli
