// The train half of the scanner: train.csv rows, person folders, and the 7 photos in each.

#include "csvtable.h"
#include "scancontext.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace masklab::detail {

namespace {

const QStringList kRequiredColumns = {QStringLiteral("id"), QStringLiteral("gender"),
                                      QStringLiteral("race"), QStringLiteral("age"),
                                      QStringLiteral("path")};

// Reads train.csv into persons (no photos yet). Bad rows are reported and skipped.
void readTrainCsv(ScanContext &ctx, const QString &csvPath)
{
    const QString rel = ctx.relative(csvPath);
    const auto table = ctx.readCsv(
        csvPath, QStringLiteral("train.csv is missing; persons are taken from folder names"));
    if (!table)
        return;

    QStringList missing;
    for (const QString &name : kRequiredColumns) {
        if (table->column(name) < 0)
            missing << name;
    }
    if (!missing.isEmpty()) {
        ctx.add(Severity::Error, IssueKind::CsvMissingColumn, rel, 1,
                QStringLiteral("missing required column(s): %1 (header is: %2)")
                    .arg(missing.join(QStringLiteral(", ")), table->header.join(u',')));
        return;
    }
    const int idCol = table->column(QStringLiteral("id"));
    const int genderCol = table->column(QStringLiteral("gender"));
    const int raceCol = table->column(QStringLiteral("race"));
    const int ageCol = table->column(QStringLiteral("age"));
    const int pathCol = table->column(QStringLiteral("path"));

    QHash<QString, int> lineOfFolder;
    for (const CsvRecord &record : table->records) {
        if (record.fields.size() < table->header.size()) {
            ctx.add(Severity::Error, IssueKind::CsvSyntax, rel, record.line,
                    QStringLiteral("row has %1 fields, the header has %2")
                        .arg(record.fields.size())
                        .arg(table->header.size()));
            continue;
        }
        const QString folder = table->field(record, pathCol);
        const QString genderText = table->field(record, genderCol);
        const QString ageText = table->field(record, ageCol);
        bool ageOk = false;
        const int age = ageText.toInt(&ageOk);
        const auto gender = parseGender(genderText);
        bool rowOk = true;
        auto bad = [&](IssueKind kind, const QString &reason) {
            ctx.add(Severity::Error, kind, rel, record.line, reason);
            rowOk = false;
        };
        if (folder.isEmpty())
            bad(IssueKind::CsvBadValue, QStringLiteral("path is empty"));
        else if (!isSafeName(folder))
            bad(IssueKind::UnsafePath,
                QStringLiteral("path \"%1\" is not a folder name inside train/images "
                               "(separators, \".\" and \"..\" are rejected)")
                    .arg(folder));
        if (!ageOk)
            bad(IssueKind::CsvBadValue,
                QStringLiteral("age \"%1\" is not a whole number").arg(ageText));
        else if (age < 0 || age > 130)
            bad(IssueKind::CsvBadValue, QStringLiteral("age %1 is out of range 0..130").arg(age));
        if (!gender)
            bad(IssueKind::CsvBadValue,
                QStringLiteral("gender \"%1\" is neither male nor female").arg(genderText));
        if (table->field(record, idCol).isEmpty())
            bad(IssueKind::CsvBadValue, QStringLiteral("id is empty"));
        if (!rowOk)
            continue;
        if (lineOfFolder.contains(folder)) {
            ctx.add(Severity::Error, IssueKind::DuplicateRow, rel, record.line,
                    QStringLiteral("folder %1 already has a row on line %2; this row is ignored")
                        .arg(folder)
                        .arg(lineOfFolder.value(folder)));
            continue;
        }
        lineOfFolder.insert(folder, record.line);
        Person person;
        person.folder = folder;
        person.id = table->field(record, idCol);
        person.gender = *gender;
        person.race = table->field(record, raceCol);
        person.age = age;
        person.csvLine = record.line;
        ctx.dataset.persons.push_back(std::move(person));
    }
}

void reportDuplicateIds(ScanContext &ctx, const QString &csvRel)
{
    QHash<QString, std::vector<const Person *>> byId;
    for (const Person &person : ctx.dataset.persons) {
        if (person.csvLine > 0)
            byId[normalizedId(person.id)].push_back(&person);
    }
    for (const Person &person : ctx.dataset.persons) {
        const auto &same = byId.value(normalizedId(person.id));
        if (same.size() < 2 || same.front() == &person)
            continue;
        ctx.add(Severity::Info, IssueKind::DuplicateId, csvRel, person.csvLine,
                QStringLiteral("id %1 is also used by %2 (line %3); persons are keyed by folder, "
                               "so both are kept")
                    .arg(person.id, same.front()->folder)
                    .arg(same.front()->csvLine))
            .person = person.folder;
    }
}

// Compares what the folder name says with the CSV row it belongs to.
void checkFolderAgainstRow(ScanContext &ctx, const Person &person, const QString &csvRel)
{
    const auto name = parseFolderName(person.folder);
    if (!name) {
        ctx.add(Severity::Warning, IssueKind::BadFolderName, csvRel, person.csvLine,
                QStringLiteral("folder name %1 is not <id>_<gender>_<race>_<age>")
                    .arg(person.folder))
            .person = person.folder;
        return;
    }
    QStringList differences;
    if (normalizedId(name->id) != normalizedId(person.id))
        differences << QStringLiteral("id %1 vs %2").arg(name->id, person.id);
    if (name->gender != person.gender)
        differences << QStringLiteral("gender %1 vs %2")
                           .arg(genderName(name->gender), genderName(person.gender));
    if (name->race.compare(person.race, Qt::CaseInsensitive) != 0)
        differences << QStringLiteral("race %1 vs %2").arg(name->race, person.race);
    if (name->age != person.age)
        differences << QStringLiteral("age %1 vs %2").arg(name->age).arg(person.age);
    if (!differences.isEmpty())
        ctx.add(Severity::Warning, IssueKind::FolderRowMismatch, csvRel, person.csvLine,
                QStringLiteral("folder name %1 disagrees with its row (folder vs row): %2; the "
                               "row is used")
                    .arg(person.folder, differences.join(QStringLiteral(", "))))
            .person = person.folder;
}

// The preferred file when two share a stem: .jpg, then .jpeg, then .png, then by name.
int extensionRank(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("jpg"))
        return 0;
    if (suffix == QLatin1String("jpeg"))
        return 1;
    if (suffix == QLatin1String("png"))
        return 2;
    return 3;
}

// Assigns the files of one person folder to the 7 photo slots.
void scanPersonFolder(ScanContext &ctx, Person &person)
{
    const QString dir = ctx.dataset.personDir(person);
    const QString rel = ctx.relative(dir);
    const FolderListing listing = listFolder(dir);
    if (!listing.readable) {
        ctx.add(Severity::Error, IssueKind::DatasetLayout, rel, 0,
                QStringLiteral("cannot list the folder (permissions?)"))
            .person = person.folder;
        return;
    }
    for (const QString &sub : listing.folders)
        ctx.reportStray(rel, sub,
                        QStringLiteral("unexpected folder inside a person folder; skipped"),
                        person.folder);
    std::array<QStringList, kPhotoSlotCount> candidates;
    for (const QString &file : listing.files) {
        if (ctx.reportJunk(rel, file))
            continue;
        const QFileInfo info(file);
        const auto slot = photoSlotOfStem(info.completeBaseName());
        if (!isImageExtension(info.suffix()) || !slot) {
            ctx.add(Severity::Warning, IssueKind::UnknownFile, rel + u'/' + file, 0,
                    QStringLiteral("not one of the 7 photos (mask1-5, incorrect_mask, normal "
                                   "with an image extension); skipped"))
                .person = person.folder;
            continue;
        }
        candidates[size_t(*slot)].append(file);
    }
    for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
        QStringList &files = candidates[size_t(slot)];
        if (files.isEmpty()) {
            ScanIssue &issue =
                ctx.add(Severity::Error, IssueKind::MissingPhoto, rel, 0,
                        QStringLiteral("photo %1 is missing").arg(photoSlotStem(slot)));
            issue.person = person.folder;
            issue.photoSlot = slot;
            continue;
        }
        std::stable_sort(files.begin(), files.end(), [](const QString &a, const QString &b) {
            return extensionRank(a) < extensionRank(b);
        });
        if (files.size() > 1) {
            ScanIssue &issue = ctx.add(
                Severity::Warning, IssueKind::DuplicateStem, rel + u'/' + files.front(), 0,
                QStringLiteral("%1 files for photo %2 (%3); using %4")
                    .arg(files.size())
                    .arg(photoSlotStem(slot), files.join(QStringLiteral(", ")), files.front()));
            issue.person = person.folder;
            issue.photoSlot = slot;
        }
        person.photos[size_t(slot)].fileName = files.front();
        person.photos[size_t(slot)].status = ImageStatus::Ok; // until the image check says else
    }
}

} // namespace

void scanTrain(ScanContext &ctx)
{
    Dataset &ds = ctx.dataset;
    const QString csvPath = ds.trainDir + QStringLiteral("/train.csv");
    const QString csvRel = ctx.relative(csvPath);
    ctx.progress(QStringLiteral("Reading train.csv"), 0, 0);
    readTrainCsv(ctx, csvPath);
    reportDuplicateIds(ctx, csvRel);

    const FolderListing images = listFolder(ds.imagesDir());
    const QString imagesRel = ctx.relative(ds.imagesDir());
    if (!images.readable) {
        ctx.add(Severity::Error, IssueKind::DatasetLayout, imagesRel, 0,
                QStringLiteral("the images folder is missing or cannot be listed"));
    }
    for (const QString &file : images.files)
        ctx.reportStray(imagesRel, file,
                        QStringLiteral("a file where only person folders belong; skipped"));
    QSet<QString> folders;
    for (const QString &folder : images.folders) {
        if (!ctx.reportJunk(imagesRel, folder))
            folders.insert(folder);
    }

    QSet<QString> withRow;
    for (Person &person : ds.persons) {
        withRow.insert(person.folder);
        person.hasFolder = folders.contains(person.folder);
        if (!person.hasFolder && images.readable)
            ctx.add(Severity::Error, IssueKind::RowWithoutFolder, csvRel, person.csvLine,
                    QStringLiteral("folder %1 is not in %2").arg(person.folder, imagesRel))
                .person = person.folder;
        else
            checkFolderAgainstRow(ctx, person, csvRel);
    }
    // Folders without a row still hold data: keep them when their name carries the labels.
    for (const QString &folder : images.folders) {
        if (isJunkName(folder) || withRow.contains(folder))
            continue;
        const auto name = parseFolderName(folder);
        const QString rel = imagesRel + u'/' + folder;
        if (!name) {
            ctx.add(Severity::Warning, IssueKind::BadFolderName, rel, 0,
                    QStringLiteral("folder has no train.csv row and its name is not "
                                   "<id>_<gender>_<race>_<age>; skipped"));
            continue;
        }
        ctx.add(Severity::Warning, IssueKind::FolderWithoutRow, rel, 0,
                QStringLiteral("folder has no train.csv row; labels are taken from its name"))
            .person = folder;
        Person person;
        person.folder = folder;
        person.id = name->id;
        person.gender = name->gender;
        person.race = name->race;
        person.age = name->age;
        person.hasFolder = true;
        ds.persons.push_back(std::move(person));
    }

    const qint64 total = qint64(ds.persons.size());
    qint64 done = 0;
    for (Person &person : ds.persons) {
        if (ctx.progress.cancelled())
            return;
        if (person.hasFolder)
            scanPersonFolder(ctx, person);
        if (++done % 64 == 0 || done == total)
            ctx.progress(QStringLiteral("Listing person folders"), done, total);
    }
}

} // namespace masklab::detail
