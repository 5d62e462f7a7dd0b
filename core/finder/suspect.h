#pragma once
// A suspected label error: who, what kind, the label given and the one suggested, a score in
// [0, 1] and the evidence behind it. The finder ranks them; the Suspects view walks through them.

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace masklab::finder {

enum class SuspectKind
{
    Gender,   // the person's gender (all 7 photos)
    Age,      // the person's age group
    MaskSwap, // two photos of one person whose mask states look exchanged
    Mask,     // one photo's mask state (e.g. an incorrect_mask photo worn correctly)
    Duplicate // the same photo twice: across persons, one person under two ids, train vs eval
};
QString suspectKindName(SuspectKind kind); // gender, age, mask-swap, mask, duplicate
std::optional<SuspectKind> parseSuspectKind(const QString &name);
constexpr int kSuspectKindCount = 5;

// One photo's probabilities for the head the suspect is about (the classes of Suspect::classes).
struct PhotoEvidence
{
    int slot = -1;
    std::vector<double> probabilities; // the model's, out of fold
    std::vector<double> calibrated;    // divided by the class thresholds, renormalised
};

struct Suspect
{
    SuspectKind kind = SuspectKind::Gender;
    QString folder;
    std::vector<int> photoSlots; // the photos concerned: none for a person, two for a swap
    QString given;               // male/female, young/middle/old, mask states, ...
    QString suggested;
    // gender, age, mask-swap, mask: the probability that the given label is wrong (calibrated on
    // the run's persons, errorprobability.h); duplicate: the share of perceptual-hash bits that
    // agree.
    double score = 0;
    QStringList classes;                 // the evidence's classes, e.g. male, female
    std::vector<double> thresholds;      // per class: its mean probability on its own photos
    std::vector<PhotoEvidence> evidence; // one per photo of the person that has a prediction
    QString other; // duplicate: the other copy (path relative to the dataset root, or a folder)
    int age = -1;  // age: the stated age the score's distance is measured from

    // "" for a person, "mask3", "incorrect_mask+normal" for a swap.
    QString photo() const;
    // Stays the same across finder runs while the label it is about is unchanged: a dismissal
    // is kept under this key. Fields: kind, folder, photo, given, other.
    QStringList keyFields() const;
    QString key() const { return keyFields().join(u'|'); }
};

// The ranked list as CSV: rank,folder,photo,kind,given,suggested,score (best first).
QString suspectsCsv(const std::vector<Suspect> &suspects);
// Reads a list suspectsCsv wrote (without evidence); a bad row names the file and line.
std::optional<std::vector<Suspect>> readSuspectsCsv(const QString &path, QString *error);
// The same list with the evidence, as JSON (an array of objects).
QByteArray suspectsJson(const std::vector<Suspect> &suspects);
// Reads a list suspectsJson wrote, evidence included; an entry that is not one names the file and
// the entry's rank.
std::optional<std::vector<Suspect>> readSuspectsJson(const QString &path, QString *error);
// Best first: score, then kind, folder and photo so equal scores keep one order.
void rankSuspects(std::vector<Suspect> &suspects);

} // namespace masklab::finder
