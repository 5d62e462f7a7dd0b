// masklab-cli embed --run RUN [--checkpoint best|last] [--eval] [--workspace DIR]
//                   [--out FILE.csv|FILE.npy] [--map MAP.csv] [--like PHOTO [--count K]]

#include "commandline.h"
#include "commands.h"
#include "csvtable.h"
#include "embedder.h"
#include "embeddingcache.h"
#include "embeddingmap.h"
#include "terminalprogress.h"
#include "textfile.h"

#include <QCommandLineParser>
#include <QDir>

#include <cstdio>

namespace masklab::cli {

namespace {
const char kEmbedHelp[] =
    "Usage: masklab-cli embed --run RUN [--checkpoint best|last] [--eval] [--workspace DIR]\n"
    "                         [--out FILE.csv|FILE.npy] [--map MAP.csv]\n"
    "                         [--like PHOTO [--count K]]\n"
    "\n"
    "Embeds every training and validation photo of the run's dataset (and with --eval, every\n"
    "row of eval/info.csv) with the run's model: the features of its penultimate layer, after\n"
    "global pooling. Photos that do not decode are left out and listed.\n"
    "\n"
    "--out FILE.csv    a row per photo: path,split,person,slot,label,predicted,f0,f1,...\n"
    "--out FILE.npy    the float32 matrix (NumPy's .npy; numpy.load reads it) and, beside it,\n"
    "                  FILE.rows.csv with the photo columns, in the same order\n"
    "--map MAP.csv     the 2-D map: path,split,label,pc1,pc2,x,y (pc: the first principal\n"
    "                  components; x,y: the neighbour-preserving layout, as UMAP makes it)\n"
    "--like PHOTO      prints the --count (12) photos most like PHOTO (a path relative to the\n"
    "                  dataset root, as the table lists it), by cosine similarity\n"
    "--workspace DIR   keeps the vectors in that workspace (DATASET.masklab): a second call\n"
    "                  embeds only photos added or changed since\n"
    "\n"
    "split: train or validation (the run's split) or eval. label: the class 0..17 in effect now\n"
    "(-1 for eval photos); predicted: the run's answer. Ctrl+C while embedding writes\n"
    "nothing; while mapping, --out is already written and the map is not.\n";

bool writeMap(const EmbeddingTable &table, const EmbeddingMap &map, const QString &path,
              QString *error)
{
    QString text = QStringLiteral("path,split,label,pc1,pc2,x,y\n");
    for (int i = 0; i < table.size(); ++i) {
        const EmbeddedPhoto &p = table.photos[size_t(i)];
        text += csvEscape(p.path) + u',' + splitName(p.split) + u',' + QString::number(p.label);
        for (const std::vector<float> *xy : {&map.preview, &map.points})
            for (int c = 0; c < 2; ++c)
                text += u',' + QString::number(double((*xy)[size_t(i) * 2 + size_t(c)]), 'g', 6);
        text += u'\n';
    }
    return writeTextFile(path, text, error);
}

int printLike(const EmbeddingTable &table, const QString &photo, int count)
{
    int row = -1;
    for (int i = 0; i < table.size() && row < 0; ++i)
        if (table.photos[size_t(i)].path == QDir::cleanPath(photo))
            row = i;
    if (row < 0) {
        std::fprintf(stderr,
                     "masklab-cli embed: %s is not among the embedded photos (a path "
                     "relative to the dataset root, e.g. train/images/<folder>/mask1.jpg)\n",
                     qPrintable(photo));
        return kExitUsage;
    }
    const SimilarPhotos similar(table);
    std::printf("similarity  split       label  photo\n");
    for (const auto &[index, cosine] : similar.like(row, count)) {
        const EmbeddedPhoto &p = table.photos[size_t(index)];
        std::printf("%10.3f  %-10s  %5d  %s\n", double(cosine), qPrintable(splitName(p.split)),
                    p.label, qPrintable(p.path));
    }
    return kExitOk;
}
} // namespace

int runEmbed(const QStringList &arguments)
{
    QCommandLineParser parser;
    int exitCode = kExitOk;
    parser.addOption({QStringLiteral("run"), QString(), QStringLiteral("RUN")});
    parser.addOption({QStringLiteral("checkpoint"), QString(), QStringLiteral("best|last"),
                      QStringLiteral("best")});
    parser.addOption({QStringLiteral("eval"), QString()});
    for (const char *name : {"workspace", "out", "map", "like", "count"})
        parser.addOption({QString::fromLatin1(name), QString(), QStringLiteral("VALUE")});
    if (!parseCommandLine(parser, "embed", arguments, kEmbedHelp, &exitCode))
        return exitCode;
    if (!parser.isSet(QStringLiteral("run")) ||
        !(parser.isSet(QStringLiteral("out")) || parser.isSet(QStringLiteral("map")) ||
          parser.isSet(QStringLiteral("like")))) {
        std::fprintf(stderr,
                     "masklab-cli embed: --run and one of --out, --map, --like are "
                     "required\n\n%s",
                     kEmbedHelp);
        return kExitUsage;
    }
    bool countOk = true;
    const int count = parser.isSet(QStringLiteral("count"))
                          ? parser.value(QStringLiteral("count")).toInt(&countOk)
                          : 12;
    if (!countOk || count < 1) {
        std::fprintf(stderr, "masklab-cli embed: --count must be a whole number from 1\n");
        return kExitUsage;
    }
    const QString checkpoint = parser.value(QStringLiteral("checkpoint"));
    if (checkpoint != QLatin1String("best") && checkpoint != QLatin1String("last")) {
        std::fprintf(stderr, "masklab-cli embed: --checkpoint must be best or last, got %s\n",
                     qPrintable(checkpoint));
        return kExitUsage;
    }
    trainer::EmbeddingRequest request;
    request.runDir = parser.value(QStringLiteral("run"));
    request.checkpoint = checkpoint;
    request.eval = parser.isSet(QStringLiteral("eval"));
    if (parser.isSet(QStringLiteral("workspace")))
        request.cacheDir =
            EmbeddingCache::forWorkspace(parser.value(QStringLiteral("workspace"))).dir();
    TerminalProgress bar;
    const InterruptFlag interrupt; // Ctrl+C: stop; nothing is written
    const trainer::EmbeddingOutcome outcome =
        trainer::embedPhotos(request, bar.sink(interrupt.flag()));
    bar.finish();
    if (!outcome.table) {
        std::fprintf(stderr, "masklab-cli embed: %s\n", qPrintable(outcome.error));
        return outcome.modelFailed ? kExitFailed : kExitUsage;
    }
    for (const QString &path : outcome.undecodable)
        std::fprintf(stderr, "warning: %s does not decode; left out\n", qPrintable(path));
    std::printf("embedded %d photos (%d dimensions): %d by the model, %d from the workspace, in "
                "%.1f s\n",
                outcome.table->size(), outcome.table->dims, outcome.computed, outcome.reused,
                outcome.seconds);
    QString error;
    const QString out = parser.value(QStringLiteral("out"));
    if (!out.isEmpty()) {
        if (!writeEmbeddings(*outcome.table, out, &error)) {
            std::fprintf(stderr, "masklab-cli embed: %s\n", qPrintable(error));
            return kExitUsage;
        }
        std::printf("wrote %s%s\n", qPrintable(out),
                    out.endsWith(QLatin1String(".npy"))
                        ? qPrintable(QStringLiteral(" and ") + rowsFileFor(out))
                        : "");
    }
    const QString mapPath = parser.value(QStringLiteral("map"));
    if (!mapPath.isEmpty()) {
        const std::optional<EmbeddingMap> map =
            mapEmbeddings(*outcome.table, {}, bar.sink(interrupt.flag()));
        bar.finish();
        if (!map) {
            std::fprintf(stderr, "masklab-cli embed: cancelled; the map was not written\n");
            return kExitUsage;
        }
        if (!writeMap(*outcome.table, *map, mapPath, &error)) {
            std::fprintf(stderr, "masklab-cli embed: %s\n", qPrintable(error));
            return kExitUsage;
        }
        std::printf("wrote %s (mapped in %.1f s; the first two components show %.0f %% of the "
                    "variance)\n",
                    qPrintable(mapPath), map->seconds, 100 * map->previewExplained);
    }
    if (parser.isSet(QStringLiteral("like")))
        return printLike(*outcome.table, parser.value(QStringLiteral("like")), count);
    return outcome.undecodable.isEmpty() ? kExitOk : kExitFindings;
}

} // namespace masklab::cli
