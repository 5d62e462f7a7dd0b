#include "labelexport.h"

#include "csvtable.h"
#include "textfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <unistd.h>

namespace masklab {

namespace {

// A hard link shares the bytes; another file system needs a copy.
bool linkOrCopy(const QString &from, const QString &to, bool *linked)
{
    *linked = ::link(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
    return *linked || QFile::copy(from, to);
}

QString trainCsvRow(const LabeledDataset &labels, int i, const QString &folder)
{
    const Person &p = labels.person(i);
    return QStringLiteral("%1,%2,%3,%4,%5\n")
        .arg(csvEscape(p.id), genderName(labels.gender(i)), csvEscape(labels.race(i)))
        .arg(labels.age(i))
        .arg(csvEscape(folder));
}

} // namespace

QString correctedTrainCsv(const LabeledDataset &labels)
{
    QString csv = QStringLiteral("id,gender,race,age,path\n");
    for (int i = 0; i < labels.personCount(); ++i)
        csv += trainCsvRow(labels, i, labels.person(i).folder);
    return csv;
}

QString editsCsv(const LabelOverlay &overlay)
{
    QString csv = QStringLiteral("folder,photo,field,old,new,time\n");
    for (const EditRow &row : overlay.rows()) {
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                   .arg(csvEscape(row.folder), row.slot >= 0 ? photoSlotStem(row.slot) : QString(),
                        editFieldName(row.field), csvEscape(row.edit.from), csvEscape(row.edit.to),
                        row.edit.time.toUTC().toString(Qt::ISODate));
    }
    return csv;
}

std::array<QString, kPhotoSlotCount> correctedPhotoStems(const LabeledDataset &labels, int index)
{
    std::array<QString, kPhotoSlotCount> stems;
    int counts[kMaskStateCount] = {};
    for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
        if (labels.excluded(index, slot))
            continue;
        const MaskState mask = labels.mask(index, slot);
        const int n = ++counts[int(mask)];
        switch (mask) {
        case MaskState::Wear:
            stems[size_t(slot)] = QStringLiteral("mask%1").arg(n);
            break;
        case MaskState::Incorrect:
            stems[size_t(slot)] = n == 1 ? QStringLiteral("incorrect_mask")
                                         : QStringLiteral("incorrect_mask%1").arg(n);
            break;
        case MaskState::NotWear:
            stems[size_t(slot)] =
                n == 1 ? QStringLiteral("normal") : QStringLiteral("normal%1").arg(n);
            break;
        }
    }
    return stems;
}

namespace {

// Removes what a failed or cancelled export wrote. out was new or empty before, so everything in
// it is ours; hard links go without touching the dataset's files.
void removePartialExport(const QString &out, bool existedBefore)
{
    QDir dir(out);
    if (!existedBefore) {
        dir.removeRecursively();
        return;
    }
    const auto entries =
        dir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : entries) {
        if (entry.isDir() && !entry.isSymLink())
            QDir(entry.filePath()).removeRecursively();
        else
            QFile::remove(entry.filePath());
    }
}

// The export itself into a checked, new or empty folder; stops at the first failure.
DatasetExportResult writeExport(const LabeledDataset &labels, const QString &out,
                                const ProgressSink &progress)
{
    DatasetExportResult result;
    const Dataset &ds = labels.dataset();
    auto fail = [&](const QString &message) {
        result.ok = false;
        result.error = message;
        return result;
    };
    // Corrected folder names; a name that two persons would share keeps its original folder.
    std::vector<QString> folders(size_t(labels.personCount()));
    QSet<QString> taken;
    for (int i = 0; i < labels.personCount(); ++i) {
        const Person &p = labels.person(i);
        QString folder = formatFolderName(p.id, labels.gender(i), labels.race(i), labels.age(i));
        if (!parseFolderName(p.folder) || taken.contains(folder))
            folder = p.folder;
        taken.insert(folder);
        folders[size_t(i)] = folder;
    }

    const QString images = out + QStringLiteral("/train/images");
    QString csv = QStringLiteral("id,gender,race,age,path\n");
    for (int i = 0; i < labels.personCount(); ++i) {
        if (progress.cancelled())
            return fail(QStringLiteral("cancelled"));
        const Person &p = labels.person(i);
        if (!p.hasFolder)
            continue;
        const QString folder = folders[size_t(i)];
        if (!QDir().mkpath(images + u'/' + folder))
            return fail(QStringLiteral("cannot create %1/%2").arg(images, folder));
        const auto stems = correctedPhotoStems(labels, i);
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            const QString source = ds.photoPath(p, slot);
            if (source.isEmpty())
                continue;
            if (stems[size_t(slot)].isEmpty()) {
                ++result.excluded;
                continue;
            }
            const QString target =
                QStringLiteral("%1/%2/%3.%4")
                    .arg(images, folder, stems[size_t(slot)], QFileInfo(source).suffix());
            bool linked = false;
            if (!linkOrCopy(source, target, &linked))
                return fail(QStringLiteral("cannot write %1").arg(target));
            ++(linked ? result.linked : result.copied);
        }
        csv += trainCsvRow(labels, i, folder);
        result.renamedFolders += folder != p.folder ? 1 : 0;
        ++result.persons;
        progress(QStringLiteral("Exporting persons"), i + 1, labels.personCount());
    }
    if (!writeTextFile(out + QStringLiteral("/train/train.csv"), csv, &result.error))
        return result;

    if (!ds.evalDir.isEmpty() && QFileInfo::exists(ds.evalDir + QStringLiteral("/info.csv"))) {
        const QString evalImages = out + QStringLiteral("/eval/images");
        if (!QDir().mkpath(evalImages) || !QFile::copy(ds.evalDir + QStringLiteral("/info.csv"),
                                                       out + QStringLiteral("/eval/info.csv")))
            return fail(QStringLiteral("cannot write %1/eval").arg(out));
        for (const EvalImage &image : ds.evalImages) {
            if (image.image.fileName.isEmpty())
                continue;
            bool linked = false;
            if (!linkOrCopy(ds.evalImagePath(image), evalImages + u'/' + image.imageId, &linked))
                return fail(QStringLiteral("cannot write %1/%2").arg(evalImages, image.imageId));
            ++(linked ? result.linked : result.copied);
            ++result.evalImages;
        }
    }
    result.ok = true;
    return result;
}

} // namespace

DatasetExportResult exportCorrectedDataset(const LabeledDataset &labels, const QString &outDir,
                                           const ProgressSink &progress)
{
    const QString out = QDir::cleanPath(QDir(outDir).absolutePath());
    const QString root = QDir::cleanPath(labels.dataset().root);
    DatasetExportResult refused;
    if (out == root || out.startsWith(root + u'/')) {
        refused.error =
            QStringLiteral("%1 is inside the dataset folder, which MaskLab never writes").arg(out);
        return refused;
    }
    const bool existed = QDir(out).exists();
    if (existed && !QDir(out).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)) {
        refused.error = QStringLiteral("%1 exists and is not empty; choose a new folder").arg(out);
        return refused;
    }
    DatasetExportResult result = writeExport(labels, out, progress);
    if (!result.ok) {
        // Half a dataset would look like a whole one to the next tool: take it away.
        removePartialExport(out, existed);
        result.error += QStringLiteral("; the partial export in %1 was removed").arg(out);
    }
    return result;
}

} // namespace masklab
