// masklab-cli compare-submissions A.csv B.csv [--changes FILE.csv]

#include "commandline.h"
#include "commands.h"
#include "csvtable.h"
#include "submission.h"
#include "textfile.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

namespace masklab::cli {

namespace {
const char kCompareHelp[] =
    "Usage: masklab-cli compare-submissions A.csv B.csv [--changes FILE.csv]\n"
    "\n"
    "Compares two submissions (ImageID,ans) image by image: how many answers agree, and how\n"
    "many images went from each class in A to each class in B, most frequent first.\n"
    "--changes writes the changed images (ImageID,a,b) in A's order.\n"
    "Exit codes: 0 compared, 1 the files do not answer the same images, 2 a file is not a\n"
    "submission (the message names the line).\n";

QString changesText(const SubmissionComparison &comparison)
{
    QString text = QStringLiteral("ImageID,a,b\n");
    for (const ChangedAnswer &c : comparison.changed)
        text += QStringLiteral("%1,%2,%3\n").arg(csvEscape(c.id)).arg(c.from).arg(c.to);
    return text;
}
} // namespace

int runCompareSubmissions(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("A"), QStringLiteral("the first submission"));
    parser.addPositionalArgument(QStringLiteral("B"), QStringLiteral("the second submission"));
    parser.addOption({QStringLiteral("changes"), QString(), QStringLiteral("FILE")});
    int exitCode = kExitOk;
    if (!parseCommandLine(parser, "compare-submissions", arguments, kCompareHelp, &exitCode))
        return exitCode;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 2) {
        std::fprintf(stderr, "masklab-cli compare-submissions: give two files\n\n%s", kCompareHelp);
        return kExitUsage;
    }
    QString error;
    const std::optional<Submission> first = readSubmissionFile(files[0], &error);
    const std::optional<Submission> second =
        first ? readSubmissionFile(files[1], &error) : std::nullopt;
    if (!second) {
        std::fprintf(stderr, "masklab-cli compare-submissions: %s\n", qPrintable(error));
        return kExitUsage;
    }
    const std::optional<SubmissionComparison> comparison =
        compareSubmissions(*first, *second, &error);
    if (!comparison) {
        std::fprintf(stderr, "masklab-cli compare-submissions: not the same images: %s\n",
                     qPrintable(error));
        return kExitFindings;
    }
    std::fputs(qPrintable(comparisonReport(*comparison, QFileInfo(files[0]).fileName(),
                                           QFileInfo(files[1]).fileName())),
               stdout);
    if (parser.isSet(QStringLiteral("changes"))) {
        const QString out = parser.value(QStringLiteral("changes"));
        if (!writeTextFile(out, changesText(*comparison), &error)) {
            std::fprintf(stderr, "masklab-cli compare-submissions: %s\n", qPrintable(error));
            return kExitUsage;
        }
        std::printf("wrote %s\n", qPrintable(out));
    }
    return kExitOk;
}

} // namespace masklab::cli
