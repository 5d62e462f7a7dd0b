#pragma once
// The competition's label space: mask state x gender x age group -> 18 classes.

#include <QString>

#include <array>
#include <optional>

namespace masklab {

enum class MaskState
{
    Wear = 0,
    Incorrect = 1,
    NotWear = 2
};
enum class Gender
{
    Male = 0,
    Female = 1
};
enum class AgeGroup
{
    Young = 0,
    Middle = 1,
    Old = 2
};

constexpr int kMaskStateCount = 3;
constexpr int kGenderCount = 2;
constexpr int kAgeGroupCount = 3;
constexpr int kClassCount = kMaskStateCount * kGenderCount * kAgeGroupCount;

// Age-group boundaries are a setting (teams move "old" to 58 or 59), never a constant.
struct AgeThresholds
{
    int middleFrom = 30; // age >= middleFrom is at least Middle
    int oldFrom = 60;    // age >= oldFrom is Old

    AgeGroup groupOf(int age) const;
    bool isValid() const { return middleFrom > 0 && oldFrom > middleFrom; }
    bool operator==(const AgeThresholds &o) const
    {
        return middleFrom == o.middleFrom && oldFrom == o.oldFrom;
    }
};

struct ClassLabel
{
    MaskState mask = MaskState::Wear;
    Gender gender = Gender::Male;
    AgeGroup age = AgeGroup::Young;

    bool operator==(const ClassLabel &o) const
    {
        return mask == o.mask && gender == o.gender && age == o.age;
    }
};

// class = mask * 6 + gender * 3 + age_group
int classIndex(const ClassLabel &label);
int classIndex(MaskState mask, Gender gender, AgeGroup age);
// Returns nothing for an index outside 0..17.
std::optional<ClassLabel> classLabel(int index);

// "mask_male_young" ... "normal_female_old"
QString className(int index);
QString maskStateName(MaskState mask);                                // mask, incorrect, normal
QString genderName(Gender gender);                                    // male, female
QString ageGroupName(AgeGroup age);                                   // young, middle, old
QString ageGroupRange(AgeGroup age, const AgeThresholds &thresholds); // "<30", "30-59", ">=60"

// Parses the CSV spelling, case-insensitively after trimming: "male" / "female".
std::optional<Gender> parseGender(const QString &text);
std::optional<MaskState> parseMaskState(const QString &text);

} // namespace masklab
