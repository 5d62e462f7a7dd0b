// The eval half of the scanner: eval/info.csv rows against eval/images.

#include "scancontext.h"

#include <QHash>
#include <QSet>

namespace masklab::detail {

namespace {

// Turns info.csv rows into eval images, in row order; bad rows are reported and skipped.
void readInfoRows(ScanContext &ctx, const QString &csvPath, const QSet<QString> &files,
                  bool imagesListed, const QString &imagesRel)
{
    const auto table = ctx.readCsv(
        csvPath, QStringLiteral("info.csv is missing; eval images cannot be put in order"));
    if (!table)
        return;
    const QString csvRel = ctx.relative(csvPath);
    const int idCol = table->column(QStringLiteral("ImageID"));
    if (idCol < 0) {
        ctx.add(Severity::Error, IssueKind::CsvMissingColumn, csvRel, 1,
                QStringLiteral("missing required column ImageID (header is: %1)")
                    .arg(table->header.join(u',')));
        return;
    }
    QHash<QString, int> lineOf;
    for (const CsvRecord &record : table->records) {
        const QString imageId = table->field(record, idCol);
        auto bad = [&](IssueKind kind, const QString &reason) {
            ctx.add(Severity::Error, kind, csvRel, record.line, reason);
        };
        if (imageId.isEmpty()) {
            bad(IssueKind::CsvBadValue, QStringLiteral("ImageID is empty"));
            continue;
        }
        if (!isSafeName(imageId)) {
            bad(IssueKind::UnsafePath,
                QStringLiteral("ImageID \"%1\" is not a file name inside eval/images")
                    .arg(imageId));
            continue;
        }
        if (lineOf.contains(imageId)) {
            bad(IssueKind::DuplicateRow, QStringLiteral("ImageID %1 is already on line %2")
                                             .arg(imageId)
                                             .arg(lineOf.value(imageId)));
            continue;
        }
        lineOf.insert(imageId, record.line);
        EvalImage image;
        image.imageId = imageId;
        image.csvLine = record.line;
        if (files.contains(imageId)) {
            image.image.fileName = imageId;
            image.image.status = ImageStatus::Ok; // until the image check says else
        } else if (imagesListed) {
            bad(IssueKind::EvalRowWithoutImage,
                QStringLiteral("image %1 is not in %2").arg(imageId, imagesRel));
        }
        ctx.dataset.evalImages.push_back(std::move(image));
    }
}

} // namespace

void scanEval(ScanContext &ctx)
{
    Dataset &ds = ctx.dataset;
    const QString imagesDir = ds.evalDir + QStringLiteral("/images");
    const QString imagesRel = ctx.relative(imagesDir);
    ctx.progress(QStringLiteral("Reading eval/info.csv"), 0, 0);

    const FolderListing listing = listFolder(imagesDir);
    if (!listing.readable)
        ctx.add(Severity::Error, IssueKind::DatasetLayout, imagesRel, 0,
                QStringLiteral("the eval images folder is missing or cannot be listed"));
    QSet<QString> files;
    for (const QString &file : listing.files) {
        if (!ctx.reportJunk(imagesRel, file))
            files.insert(file);
    }
    for (const QString &folder : listing.folders)
        ctx.reportStray(imagesRel, folder, QStringLiteral("folder inside eval/images; skipped"));

    readInfoRows(ctx, ds.evalDir + QStringLiteral("/info.csv"), files, listing.readable, imagesRel);

    QSet<QString> listed;
    for (const EvalImage &image : ds.evalImages)
        listed.insert(image.imageId);
    for (const QString &file : listing.files) { // sorted, so the report's order is stable
        if (files.contains(file) && !listed.contains(file))
            ctx.add(Severity::Warning, IssueKind::EvalImageWithoutRow, imagesRel + u'/' + file, 0,
                    QStringLiteral("image has no row in info.csv; it will not be predicted"));
    }
}

} // namespace masklab::detail
