#pragma once
// Parsing a subcommand's options the same way everywhere: a usage error prints the message and
// the help (exit 2), --help prints the help (exit 0).

#include "trainconfig.h"

#include <QCommandLineParser>

#include <optional>

namespace masklab::cli {

// Adds -h/--help, parses "command arguments". False when the caller should return *exitCode.
bool parseCommandLine(QCommandLineParser &parser, const char *command, const QStringList &arguments,
                      const char *help, int *exitCode);

// The training config of --config FILE with every --set key=value applied; on a problem prints
// it (naming the file, line or key) and returns nothing.
std::optional<TrainConfig> readConfigOptions(const QCommandLineParser &parser, const char *command);

} // namespace masklab::cli
