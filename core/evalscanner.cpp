// The eval half of the scanner: eval/info.csv rows against eval/images.

#include "csvtable.h"
#include "scancontext.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>

namespace masklab::detail {

void scanEval(ScanContext &ctx)
{
    Dataset &ds = ctx.dataset;
    const QString csvPath = ds.evalDir + QStringLiteral("/info.csv");
    const QString csvRel = ctx.relative(csvPath);
    const QString imagesDir = ds.evalDir + QStringLiteral("/images");
    const QString imagesRel = ctx.relative(imagesDir);
    ctx.progress(QStringLiteral("Reading eval/info.csv"), 0, 0);

    const FolderListing listing = listFolder(imagesDir);
    if (!listing.readable)
        ctx.add(Severity::Error, IssueKind::DatasetLayout, imagesRel, 0,
                QStringLiteral("the eval images folder is missing or cannot be listed"));
    QSet<QString> files;
    for (const QString &file : listing.files) {
        if (isJunkName(file))
            ctx.add(Severity::Info, IssueKind::JunkEntry, imagesRel + u'/' + file, 0,
                    QStringLiteral("junk file (macOS metadata or hidden) skipped"));
        else
            files.insert(file);
    }
    for (const QString &folder : listing.folders)
        ctx.add(isJunkName(folder) ? Severity::Info : Severity::Warning,
                isJunkName(folder) ? IssueKind::JunkEntry : IssueKind::UnknownFile,
                imagesRel + u'/' + folder, 0, QStringLiteral("folder inside eval/images; skipped"));

    QSet<QString> listed;
    if (!QFileInfo::exists(csvPath)) {
        ctx.add(Severity::Error, IssueKind::DatasetLayout, csvRel, 0,
                QStringLiteral("info.csv is missing; eval images cannot be put in order"));
    } else {
        QString readError;
        const auto table = readCsvFile(csvPath, &readError);
        if (!table) {
            ctx.add(Severity::Error, IssueKind::DatasetLayout, csvRel, 0,
                    QStringLiteral("cannot read info.csv: %1").arg(readError));
        } else {
            if (!table->syntaxError.isEmpty())
                ctx.add(Severity::Error, IssueKind::CsvSyntax, csvRel, table->syntaxErrorLine,
                        table->syntaxError + QStringLiteral("; the rows after it are not read"));
            const int idCol = table->column(QStringLiteral("ImageID"));
            if (idCol < 0) {
                ctx.add(Severity::Error, IssueKind::CsvMissingColumn, csvRel, 1,
                        QStringLiteral("missing required column ImageID (header is: %1)")
                            .arg(table->header.join(u',')));
            }
            QHash<QString, int> lineOf;
            for (const CsvRecord &record : idCol < 0 ? std::vector<CsvRecord>{} : table->records) {
                const QString imageId = table->field(record, idCol);
                if (imageId.isEmpty()) {
                    ctx.add(Severity::Error, IssueKind::CsvBadValue, csvRel, record.line,
                            QStringLiteral("ImageID is empty"));
                    continue;
                }
                if (!isSafeName(imageId)) {
                    ctx.add(Severity::Error, IssueKind::UnsafePath, csvRel, record.line,
                            QStringLiteral("ImageID \"%1\" is not a file name inside eval/images")
                                .arg(imageId));
                    continue;
                }
                if (lineOf.contains(imageId)) {
                    ctx.add(Severity::Error, IssueKind::DuplicateRow, csvRel, record.line,
                            QStringLiteral("ImageID %1 is already on line %2")
                                .arg(imageId)
                                .arg(lineOf.value(imageId)));
                    continue;
                }
                lineOf.insert(imageId, record.line);
                listed.insert(imageId);
                EvalImage image;
                image.imageId = imageId;
                image.csvLine = record.line;
                if (files.contains(imageId)) {
                    image.image.fileName = imageId;
                    image.image.status = ImageStatus::Ok;
                } else if (listing.readable) {
                    ctx.add(Severity::Error, IssueKind::EvalRowWithoutImage, csvRel, record.line,
                            QStringLiteral("image %1 is not in %2").arg(imageId, imagesRel));
                }
                ds.evalImages.push_back(std::move(image));
            }
        }
    }
    for (const QString &file : listing.files) {
        if (!isJunkName(file) && !listed.contains(file))
            ctx.add(Severity::Warning, IssueKind::EvalImageWithoutRow, imagesRel + u'/' + file, 0,
                    QStringLiteral("image has no row in info.csv; it will not be predicted"));
    }
}

} // namespace masklab::detail
