#include "commandline.h"

#include "commands.h"

#include <QFile>

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

std::optional<TrainConfig> readConfigOptions(const QCommandLineParser &parser, const char *command)
{
    QFile file(parser.value(QStringLiteral("config")));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "masklab-cli %s: %s: %s\n", command, qPrintable(file.fileName()),
                     qPrintable(file.errorString()));
        return std::nullopt;
    }
    QString error;
    auto config = parseTrainConfig(file.readAll(), file.fileName(), &error);
    for (const QString &assignment : parser.values(QStringLiteral("set"))) {
        if (config && !applyConfigOverride(*config, assignment, &error))
            config.reset();
    }
    if (!config)
        std::fprintf(stderr, "masklab-cli %s: %s\n", command, qPrintable(error));
    return config;
}

} // namespace masklab::cli
