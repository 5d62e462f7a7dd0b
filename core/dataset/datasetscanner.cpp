#include "datasetscanner.h"

#include "imageheader.h"
#include "parallel.h"
#include "scancontext.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <cstring>

#include <dirent.h>
#include <sys/stat.h>

namespace masklab {

namespace detail {

bool isSafeName(const QString &name)
{
    return !name.isEmpty() && name != QLatin1String(".") && name != QLatin1String("..") &&
           !name.contains(u'/') && !name.contains(u'\\') && !name.contains(QChar(0));
}

std::optional<CsvTable> ScanContext::readCsv(const QString &path, const QString &missingReason)
{
    const QString rel = relative(path);
    if (!QFileInfo::exists(path)) {
        add(Severity::Error, IssueKind::DatasetLayout, rel, 0, missingReason);
        return std::nullopt;
    }
    QString readError;
    auto table = readCsvFile(path, &readError);
    if (!table) {
        add(Severity::Error, IssueKind::DatasetLayout, rel, 0,
            QStringLiteral("cannot read the file: %1").arg(readError));
        return std::nullopt;
    }
    if (table->header.isEmpty() && table->syntaxError.isEmpty()) {
        add(Severity::Error, IssueKind::CsvMissingColumn, rel, 0,
            QStringLiteral("the file is empty (no header, no rows)"));
        return std::nullopt;
    }
    if (!table->syntaxError.isEmpty())
        add(Severity::Error, IssueKind::CsvSyntax, rel, table->syntaxErrorLine,
            table->syntaxError + QStringLiteral("; the rows after it are not read"));
    if (table->firstNonUtf8Line > 0)
        add(Severity::Warning, IssueKind::CsvSyntax, rel, table->firstNonUtf8Line,
            QStringLiteral("this line is not UTF-8 text (was the file saved in another "
                           "encoding, such as Latin-1 or CP949?); its odd characters are read "
                           "as \uFFFD, so names on it may not match their folders"));
    return table;
}

bool ScanContext::reportJunk(const QString &folderRel, const QString &name)
{
    if (!isJunkName(name))
        return false;
    add(Severity::Info, IssueKind::JunkEntry, folderRel + u'/' + name, 0,
        QStringLiteral("junk entry (macOS metadata or hidden) skipped"));
    return true;
}

void ScanContext::reportStray(const QString &folderRel, const QString &name, const QString &reason,
                              const QString &person)
{
    if (!reportJunk(folderRel, name))
        add(Severity::Warning, IssueKind::UnknownFile, folderRel + u'/' + name, 0, reason).person =
            person;
}

FolderListing listFolder(const QString &path)
{
    // readdir() with d_type instead of QDir: no stat() per entry, which is most of the cost of
    // listing 2,700 person folders.
    FolderListing listing;
    const QByteArray encoded = QFile::encodeName(path);
    DIR *dir = ::opendir(encoded.constData());
    if (!dir)
        return listing;
    listing.readable = true;
    while (const dirent *entry = ::readdir(dir)) {
        const char *name = entry->d_name;
        if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0)
            continue;
        bool isDir = entry->d_type == DT_DIR;
        if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) {
            struct stat info;
            isDir = ::stat((encoded + '/' + name).constData(), &info) == 0 && S_ISDIR(info.st_mode);
        }
        (isDir ? listing.folders : listing.files).append(QFile::decodeName(name));
    }
    ::closedir(dir);
    listing.files.sort();
    listing.folders.sort();
    return listing;
}

namespace {

struct PendingImage
{
    ImageInfo *info;
    QString path;
    QString person; // empty for an eval image
    int slot = -1;
};

} // namespace

void checkImages(ScanContext &ctx, const ScanOptions &options)
{
    std::vector<PendingImage> pending;
    Dataset &ds = ctx.dataset;
    for (Person &person : ds.persons) {
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            ImageInfo &info = person.photos[size_t(slot)];
            if (!info.fileName.isEmpty())
                pending.push_back({&info, ds.photoPath(person, slot), person.folder, slot});
        }
    }
    for (EvalImage &image : ds.evalImages) {
        if (!image.image.fileName.isEmpty())
            pending.push_back({&image.image, ds.evalImagePath(image), {}, -1});
    }

    const QString phase =
        options.deep ? QStringLiteral("Decoding images") : QStringLiteral("Reading image headers");
    const qint64 total = qint64(pending.size());
    const qint64 step = std::max<qint64>(1, total / 200);
    std::vector<ImageHeader> headers(pending.size());
    std::vector<char> checked(pending.size(), 0); // stays 0 for images a cancel skipped
    std::atomic<qint64> done{0};
    parallelFor(
        total, options.threads,
        [&](int64_t i) {
            const QString &path = pending[size_t(i)].path;
            headers[size_t(i)] = options.deep ? decodeImage(path) : readImageHeader(path);
            checked[size_t(i)] = 1;
            const qint64 n = done.fetch_add(1) + 1;
            if (n % step == 0 || n == total)
                ctx.progress(phase, n, total);
        },
        [&] { return ctx.progress.cancelled(); });

    for (size_t i = 0; i < pending.size(); ++i) {
        if (!checked[i])
            continue;
        ImageInfo &info = *pending[i].info;
        const ImageHeader &header = headers[i];
        const QString rel = ctx.relative(pending[i].path);
        const auto about = [&](ScanIssue &issue) {
            issue.person = pending[i].person;
            issue.photoSlot = pending[i].slot;
        };
        info.status = header.status;
        info.width = header.width;
        info.height = header.height;
        switch (header.status) {
        case ImageStatus::Ok:
            if (header.width > 0 &&
                (header.width != kExpectedImageWidth || header.height != kExpectedImageHeight))
                about(ctx.add(Severity::Info, IssueKind::UnexpectedSize, rel, 0,
                              QStringLiteral("image is %1x%2, not %3x%4")
                                  .arg(header.width)
                                  .arg(header.height)
                                  .arg(kExpectedImageWidth)
                                  .arg(kExpectedImageHeight)));
            break;
        case ImageStatus::Empty:
            about(ctx.add(Severity::Error, IssueKind::EmptyImage, rel, 0, header.error));
            break;
        case ImageStatus::Unreadable:
        case ImageStatus::Missing:
            about(ctx.add(Severity::Error, IssueKind::UnreadableImage, rel, 0, header.error));
            break;
        case ImageStatus::Undecodable:
            about(ctx.add(Severity::Error, IssueKind::UndecodableImage, rel, 0, header.error));
            break;
        }
    }
}

} // namespace detail

std::optional<DatasetLocation> locateDataset(const QString &path, QString *error)
{
    const QFileInfo info(path);
    auto fail = [&](const QString &message) -> std::optional<DatasetLocation> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!info.exists())
        return fail(QStringLiteral("%1: no such file or folder").arg(path));
    if (!info.isDir())
        return fail(QStringLiteral("%1: not a folder").arg(path));

    const QDir dir(info.absoluteFilePath());
    auto isTrainDir = [](const QDir &d) {
        return QFileInfo::exists(d.filePath(QStringLiteral("train.csv"))) ||
               QFileInfo(d.filePath(QStringLiteral("images"))).isDir();
    };
    QString root;
    if (QFileInfo(dir.filePath(QStringLiteral("train"))).isDir() &&
        isTrainDir(QDir(dir.filePath(QStringLiteral("train"))))) {
        root = dir.absolutePath();
    } else if (dir.dirName() == QLatin1String("train") && isTrainDir(dir)) {
        root = QFileInfo(dir.absolutePath()).absolutePath();
    } else if (dir.dirName() == QLatin1String("images") &&
               QFileInfo(dir.absolutePath()).dir().dirName() == QLatin1String("train")) {
        root = QFileInfo(QFileInfo(dir.absolutePath()).absolutePath()).absolutePath();
    } else {
        return fail(QStringLiteral("%1: no competition dataset here (expected train/train.csv "
                                   "and train/images/; the dataset root, its train folder or "
                                   "train/images can be opened)")
                        .arg(path));
    }
    DatasetLocation location;
    location.root = QDir::cleanPath(root);
    location.trainDir = location.root + QStringLiteral("/train");
    const QString evalDir = location.root + QStringLiteral("/eval");
    if (QFileInfo(evalDir).isDir())
        location.evalDir = evalDir;
    return location;
}

ScanResult indexDataset(const QString &path, const ScanOptions &, const ProgressSink &progress)
{
    QElapsedTimer timer;
    timer.start();
    ScanResult result;
    const auto location = locateDataset(path, &result.fatalError);
    if (!location)
        return result;
    result.located = true;
    result.dataset.root = location->root;
    result.dataset.trainDir = location->trainDir;
    result.dataset.evalDir = location->evalDir;

    detail::ScanContext ctx{result.dataset, result.issues, progress};
    detail::scanTrain(ctx);
    if (!location->evalDir.isEmpty() && !progress.cancelled())
        detail::scanEval(ctx);
    result.cancelled = progress.cancelled();
    result.seconds = timer.nsecsElapsed() / 1e9;
    return result;
}

void checkDatasetImages(ScanResult &result, const ScanOptions &options,
                        const ProgressSink &progress)
{
    if (!result.located || result.cancelled)
        return;
    QElapsedTimer timer;
    timer.start();
    detail::ScanContext ctx{result.dataset, result.issues, progress};
    detail::checkImages(ctx, options);
    result.cancelled = progress.cancelled();
    result.seconds += timer.nsecsElapsed() / 1e9;
}

ScanResult scanDataset(const QString &path, const ScanOptions &options,
                       const ProgressSink &progress)
{
    ScanResult result = indexDataset(path, options, progress);
    checkDatasetImages(result, options, progress);
    return result;
}

} // namespace masklab
