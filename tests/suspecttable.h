#pragma once
// Hand-made probability tables for the suspect scoring tests: what a model that learned the data
// would say about a few persons, with a known error or none.

#include "suspectscoring.h"

#include <functional>

namespace masklab::finder::test {

// What the model says about one photo, per head; the 18 probabilities are their product, as
// the multi-head model gives them.
struct Say
{
    std::array<double, 3> mask;
    std::array<double, 2> gender;
    std::array<double, 3> age;
};

inline ClassProbabilities product(const Say &say)
{
    ClassProbabilities p{};
    for (int c = 0; c < kClassCount; ++c) {
        const ClassLabel l = *classLabel(c);
        p[size_t(c)] =
            float(say.mask[size_t(l.mask)] * say.gender[size_t(l.gender)] * say.age[size_t(l.age)]);
    }
    return p;
}

// A confident, right answer for a photo of the given labels.
inline Say rightAbout(MaskState mask, Gender gender, AgeGroup age, double confidence = 0.9)
{
    Say say{};
    const double rest3 = (1 - confidence) / 2;
    say.mask.fill(rest3);
    say.mask[size_t(mask)] = confidence;
    say.gender.fill(1 - confidence);
    say.gender[size_t(gender)] = confidence;
    say.age.fill(rest3);
    say.age[size_t(age)] = confidence;
    return say;
}

class Table
{
public:
    // A person and the model's answer for each of its 7 photos.
    int add(Gender gender, int age, const std::function<Say(int slot)> &say)
    {
        Person p;
        p.folder = QStringLiteral("%1_%2_Asian_%3")
                       .arg(m_dataset->persons.size() + 1, 6, 10, QLatin1Char('0'))
                       .arg(genderName(gender))
                       .arg(age);
        p.gender = gender;
        p.age = age;
        p.race = QStringLiteral("Asian");
        p.hasFolder = true;
        for (int slot = 0; slot < kPhotoSlotCount; ++slot) {
            p.photos[size_t(slot)].fileName = photoSlotStem(slot) + QStringLiteral(".jpg");
            p.photos[size_t(slot)].status = ImageStatus::Ok;
            m_rows.push_back({p.folder, slot, 0, product(say(slot))});
        }
        m_dataset->persons.push_back(p);
        return int(m_dataset->persons.size()) - 1;
    }
    // A person the model gets right on every photo.
    int addRight(Gender gender, int age, double confidence = 0.9)
    {
        const AgeGroup group = AgeThresholds{}.groupOf(age);
        return add(gender, age, [=](int slot) {
            return rightAbout(maskStateOfSlot(slot), gender, group, confidence);
        });
    }
    // A crowd of well-predicted persons of every group, so thresholds mean something.
    void addCrowd()
    {
        for (int k = 0; k < 4; ++k)
            for (Gender g : {Gender::Male, Gender::Female})
                for (int age : {22, 45, 60})
                    addRight(g, age);
    }
    LabeledDataset labels() const { return LabeledDataset(m_dataset); }
    const std::vector<PhotoPrediction> &rows() const { return m_rows; }
    QString folder(int person) const { return m_dataset->persons[size_t(person)].folder; }

private:
    std::shared_ptr<Dataset> m_dataset = std::make_shared<Dataset>();
    std::vector<PhotoPrediction> m_rows;
};

// `count` persons the model gets right, at confidences from unsure to sure, and some it gets
// wrong although their labels are right (as a real model does).
inline void addRealisticCrowd(Table &t, int count)
{
    for (int i = 0; i < count; ++i) {
        const Gender g = i % 2 ? Gender::Female : Gender::Male;
        const int age = 20 + (i * 7) % 45;
        const double confidence = 0.6 + 0.35 * ((i * 13) % 10) / 9.0;
        if (i % 12 == 5) { // the model hesitates on this one's gender
            t.add(g, age, [=](int slot) {
                Say say = rightAbout(maskStateOfSlot(slot), g, AgeThresholds{}.groupOf(age));
                const double doubt = 0.52 + 0.002 * i; // no two alike: no ties at the cut
                say.gender[size_t(g)] = 1 - doubt;
                say.gender[size_t(1 - int(g))] = doubt;
                return say;
            });
            continue;
        }
        t.addRight(g, age, confidence);
    }
}

inline std::vector<Suspect> suspectsOf(const ScoringResult &r, const QString &folder)
{
    std::vector<Suspect> found;
    for (const Suspect &s : r.suspects)
        if (s.folder == folder)
            found.push_back(s);
    return found;
}

constexpr int kIncorrectSlot = 5;
constexpr int kNormalSlot = 6;

} // namespace masklab::finder::test
