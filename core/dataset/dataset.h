#pragma once
// The dataset index: persons with their 7 photos (train) and the eval images.

#include "labels.h"

#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace masklab {

// The 7 photos of a person, in the fixed order the browser and the trainer use.
constexpr int kPhotoSlotCount = 7;
QString photoSlotStem(int slot); // mask1..mask5, incorrect_mask, normal
std::optional<int> photoSlotOfStem(const QString &stem);
MaskState maskStateOfSlot(int slot);

enum class ImageStatus
{
    Ok,         // present, header (or full decode) fine
    Missing,    // no file with this stem
    Empty,      // zero bytes
    Unreadable, // header invalid or file cannot be opened
    Undecodable // header fine but the file is cut short, or a full decode failed (--deep)
};
QString imageStatusName(ImageStatus status);

struct ImageInfo
{
    QString fileName; // name inside its folder, e.g. "mask1.jpg"; empty when missing
    ImageStatus status = ImageStatus::Missing;
    int width = 0;
    int height = 0;

    bool usable() const { return status == ImageStatus::Ok; }
};

struct Person
{
    QString folder; // the key: folder name under train/images (ids are not unique)
    QString id;     // as written in train.csv (unpadded, maybe suffixed like "600-1")
    Gender gender = Gender::Male;
    QString race;
    int age = 0;
    int csvLine = 0; // line in train.csv; 0 when the folder has no row
    bool hasFolder = false;
    std::array<ImageInfo, kPhotoSlotCount> photos;

    ClassLabel label(int slot, const AgeThresholds &thresholds) const;
};

struct EvalImage
{
    QString imageId; // file name inside eval/images, e.g. "<40 hex>.jpg"
    int csvLine = 0;
    ImageInfo image;
};

struct Dataset
{
    QString root;     // folder holding train/ (and eval/)
    QString trainDir; // root/train
    QString evalDir;  // root/eval, empty when absent
    std::vector<Person> persons;
    std::vector<EvalImage> evalImages;

    QString imagesDir() const;
    QString personDir(const Person &person) const;
    QString photoPath(const Person &person, int slot) const; // empty when missing
    QString evalImagePath(const EvalImage &image) const;
    int photoCount() const;                       // present photo files in train
    int evalImageCount() const;                   // present eval images
    std::vector<QString> trainPhotoPaths() const; // every present train photo, person by person
    std::vector<QString> evalImagePaths() const;  // every present eval image, in info.csv order
    const Person *findPerson(const QString &folder) const;
};

// Parsed form of a folder name "<id>_<gender>_<race>_<age>", e.g. "000600-1_female_Asian_45".
struct FolderName
{
    QString id;
    Gender gender = Gender::Male;
    QString race;
    int age = 0;
};
std::optional<FolderName> parseFolderName(const QString &folder);
QString formatFolderName(const QString &id, Gender gender, const QString &race, int age);
// "000600-1" and "600-1" are the same id: compare without zero padding.
QString normalizedId(const QString &id);

bool isImageExtension(const QString &suffix); // jpg, jpeg, png, ... (case-insensitive)
bool isJunkName(const QString &name);         // "._x", ".DS_Store", any dot-file

} // namespace masklab
