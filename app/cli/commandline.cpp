#include "commandline.h"

#include "commands.h"

#include <cstdio>

namespace masklab::cli {

bool parseCommandLine(QCommandLineParser &parser, const char *command, const QStringList &arguments,
                      const char *help, int *exitCode)
{
    parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QString()});
    if (!parser.parse(QStringList{QString::fromLatin1(command)} + arguments)) {
        std::fprintf(stderr, "masklab-cli %s: %s\n\n%s", command, qPrintable(parser.errorText()),
                     help);
        *exitCode = kExitUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(help, stdout);
        *exitCode = kExitOk;
        return false;
    }
    return true;
}

} // namespace masklab::cli
