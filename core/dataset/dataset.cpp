#include "dataset.h"

#include <QDir>
#include <QRegularExpression>

#include <algorithm>

namespace masklab {

namespace {
const std::array<const char *, kPhotoSlotCount> kSlotStems = {
    "mask1", "mask2", "mask3", "mask4", "mask5", "incorrect_mask", "normal"};
}

QString photoSlotStem(int slot)
{
    if (slot < 0 || slot >= kPhotoSlotCount)
        return {};
    return QString::fromLatin1(kSlotStems[static_cast<size_t>(slot)]);
}

std::optional<int> photoSlotOfStem(const QString &stem)
{
    for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
        if (stem == QLatin1String(kSlotStems[static_cast<size_t>(slot)]))
            return slot;
    }
    return std::nullopt;
}

MaskState maskStateOfSlot(int slot)
{
    if (slot == 5)
        return MaskState::Incorrect;
    if (slot == 6)
        return MaskState::NotWear;
    return MaskState::Wear;
}

QString imageStatusName(ImageStatus status)
{
    switch (status) {
    case ImageStatus::Ok:
        return QStringLiteral("ok");
    case ImageStatus::Missing:
        return QStringLiteral("missing");
    case ImageStatus::Empty:
        return QStringLiteral("empty");
    case ImageStatus::Unreadable:
        return QStringLiteral("unreadable");
    case ImageStatus::Undecodable:
        return QStringLiteral("undecodable");
    }
    return {};
}

ClassLabel Person::label(int slot, const AgeThresholds &thresholds) const
{
    return ClassLabel{maskStateOfSlot(slot), gender, thresholds.groupOf(age)};
}

QString Dataset::imagesDir() const
{
    return trainDir + QStringLiteral("/images");
}

QString Dataset::personDir(const Person &person) const
{
    return imagesDir() + u'/' + person.folder;
}

QString Dataset::photoPath(const Person &person, int slot) const
{
    const ImageInfo &photo = person.photos[static_cast<size_t>(slot)];
    if (photo.fileName.isEmpty())
        return {};
    return personDir(person) + u'/' + photo.fileName;
}

QString Dataset::evalImagePath(const EvalImage &image) const
{
    return evalDir + QStringLiteral("/images/") + image.imageId;
}

std::vector<QString> Dataset::trainPhotoPaths() const
{
    std::vector<QString> paths;
    for (const Person &person : persons)
        for (int slot = 0; slot < kPhotoSlotCount; ++slot)
            if (!person.photos[size_t(slot)].fileName.isEmpty())
                paths.push_back(photoPath(person, slot));
    return paths;
}

std::vector<QString> Dataset::evalImagePaths() const
{
    std::vector<QString> paths;
    for (const EvalImage &image : evalImages)
        if (!image.image.fileName.isEmpty())
            paths.push_back(evalImagePath(image));
    return paths;
}

int Dataset::photoCount() const
{
    int count = 0;
    for (const Person &person : persons) {
        for (const ImageInfo &photo : person.photos)
            count += photo.fileName.isEmpty() ? 0 : 1;
    }
    return count;
}

int Dataset::evalImageCount() const
{
    return int(std::count_if(evalImages.begin(), evalImages.end(), [](const EvalImage &image) {
        return !image.image.fileName.isEmpty();
    }));
}

const Person *Dataset::findPerson(const QString &folder) const
{
    for (const Person &person : persons) {
        if (person.folder == folder)
            return &person;
    }
    return nullptr;
}

std::optional<FolderName> parseFolderName(const QString &folder)
{
    static const QRegularExpression pattern(
        QStringLiteral("^([0-9]+(?:-[0-9]+)?)_([A-Za-z]+)_([^_]+)_([0-9]{1,3})$"));
    const QRegularExpressionMatch match = pattern.match(folder);
    if (!match.hasMatch())
        return std::nullopt;
    const auto gender = parseGender(match.captured(2));
    if (!gender)
        return std::nullopt;
    return FolderName{match.captured(1), *gender, match.captured(3), match.captured(4).toInt()};
}

QString formatFolderName(const QString &id, Gender gender, const QString &race, int age)
{
    // Folder ids are zero-padded to 6 digits before any "-N" suffix.
    const int dash = id.indexOf(u'-');
    const QString number = dash < 0 ? id : id.left(dash);
    const QString suffix = dash < 0 ? QString() : id.mid(dash);
    return QStringLiteral("%1%2_%3_%4_%5")
        .arg(number, 6, u'0')
        .arg(suffix, genderName(gender), race)
        .arg(age);
}

QString normalizedId(const QString &id)
{
    const QString trimmed = id.trimmed();
    int start = 0;
    while (start + 1 < trimmed.size() && trimmed[start] == u'0' && trimmed[start + 1].isDigit())
        ++start;
    return trimmed.mid(start);
}

bool isImageExtension(const QString &suffix)
{
    static const QStringList known = {QStringLiteral("jpg"),  QStringLiteral("jpeg"),
                                      QStringLiteral("png"),  QStringLiteral("bmp"),
                                      QStringLiteral("webp"), QStringLiteral("tif"),
                                      QStringLiteral("tiff")};
    return known.contains(suffix.toLower());
}

bool isJunkName(const QString &name)
{
    return name.startsWith(u'.');
}

} // namespace masklab
