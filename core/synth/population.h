#pragma once
// Who is in a synthetic dataset: labels, appearance, file quirks and injected label errors.

#include "dataset.h"
#include "labels.h"

#include <QString>

#include <array>
#include <cstdint>
#include <vector>

namespace masklab::synth {

// How a person looks in all 7 photos. Gender and age cues are visible but noisy.
struct PersonLook
{
    Gender gender = Gender::Male;
    int age = 30;
    std::array<double, 3> skin{};  // BGR
    std::array<double, 3> hair{};  // BGR, already greyed by age
    std::array<double, 3> shirt{}; // BGR
    enum class Hair
    {
        Short,
        Medium,
        Long
    } hairStyle = Hair::Short;
    double faceWidth = 0.25;  // half width as a fraction of the image width
    double faceAspect = 1.3;  // half height / half width
    double browThickness = 3; // at 384 px width
    int wrinkles = 0;         // forehead lines
    bool crowFeet = false;
    bool beard = false;
    bool lipstick = false;
    bool earrings = false;
    bool glasses = false;
};

enum class NoiseKind
{
    None,
    GenderFlip,
    MaskSwap,
    WrongAgeGroup
};
QString noiseKindName(NoiseKind kind); // gender-flip, mask-swap, wrong-age-group

struct SynthPerson
{
    QString id;     // as written in train.csv (unpadded)
    QString folder; // from the recorded labels
    Gender recordedGender = Gender::Male;
    int recordedAge = 0;
    PersonLook look; // the truth
    NoiseKind noise = NoiseKind::None;
    std::array<QString, kPhotoSlotCount> extension; // "jpg" mostly
    uint64_t seed = 0;
};

struct PopulationOptions
{
    int persons = 300;
    uint64_t seed = 1;
    double labelNoise = 0; // fraction of persons given one label error
    bool quirks = true;    // suffixed id, duplicate id, a few .png/.jpeg photos
};

std::vector<SynthPerson> planPopulation(const PopulationOptions &options);

// Eval persons: same look model, no recorded labels, no quirks.
std::vector<PersonLook> planEvalLooks(int persons, uint64_t seed);

PersonLook drawLook(Gender gender, int age, uint64_t seed);

} // namespace masklab::synth
