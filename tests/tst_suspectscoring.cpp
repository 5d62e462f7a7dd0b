// The suspect scoring on hand-made probability tables: what a model that learned the data would
// say about a few persons, with a known error or none.

#include "dismissals.h"
#include "suspectfix.h"
#include "suspectscoring.h"

#include <QTemporaryDir>

#include <QTest>

using namespace masklab;
using namespace masklab::finder;

namespace {

// What the model says about one photo, per head; the 18 probabilities are their product, as
// the multi-head model gives them.
struct Say
{
    std::array<double, 3> mask;
    std::array<double, 2> gender;
    std::array<double, 3> age;
};

ClassProbabilities product(const Say &say)
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
Say rightAbout(MaskState mask, Gender gender, AgeGroup age, double confidence = 0.9)
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

std::vector<Suspect> suspectsOf(const ScoringResult &r, const QString &folder)
{
    std::vector<Suspect> found;
    for (const Suspect &s : r.suspects)
        if (s.folder == folder)
            found.push_back(s);
    return found;
}

constexpr int kIncorrectSlot = 5;
constexpr int kNormalSlot = 6;

} // namespace

class TestSuspectScoring : public QObject
{
    Q_OBJECT
private slots:
    void aConsistentPersonIsNoSuspect()
    {
        Table t;
        t.addCrowd();
        const int person = t.addRight(Gender::Female, 33, 0.7); // right, if not very sure
        const ScoringResult r = scoreSuspects(t.rows(), t.labels(), {});
        QVERIFY(suspectsOf(r, t.folder(person)).empty());
        QVERIFY(r.suspects.empty());
        QCOMPARE(r.persons, 25);
        QCOMPARE(r.photos, 25 * 7);
    }

    void aSwappedPairIsFound()
    {
        Table t;
        t.addCrowd();
        // incorrect_mask shows no mask, normal shows a mask worn wrong: the files are swapped.
        const int person = t.add(Gender::Male, 41, [](int slot) {
            const MaskState seen = slot == kIncorrectSlot ? MaskState::NotWear
                                   : slot == kNormalSlot  ? MaskState::Incorrect
                                                          : MaskState::Wear;
            return rightAbout(seen, Gender::Male, AgeGroup::Middle);
        });
        const ScoringResult r = scoreSuspects(t.rows(), t.labels(), {});
        QCOMPARE(int(r.suspects.size()), 1);
        const Suspect &s = r.suspects.front();
        QCOMPARE(s.folder, t.folder(person));
        QCOMPARE(s.kind, SuspectKind::MaskSwap);
        QCOMPARE(s.photo(), QStringLiteral("incorrect_mask+normal"));
        QCOMPARE(s.given, QStringLiteral("incorrect+normal"));
        QCOMPARE(s.suggested, QStringLiteral("normal+incorrect"));
        QVERIFY2(s.score > 0.99, qPrintable(QString::number(s.score)));
        QCOMPARE(int(s.evidence.size()), 7);
        QCOMPARE(s.classes, QStringList({"mask", "incorrect", "normal"}));
        QVERIFY(std::abs(s.evidence[size_t(kIncorrectSlot)].probabilities[2] - 0.9) < 1e-6);
    }

    void aSinglePhotoWornCorrectlyIsAMaskSuspectNotASwap()
    {
        Table t;
        t.addCrowd();
        const int person = t.add(Gender::Female, 25, [](int slot) {
            const MaskState seen = slot == kIncorrectSlot ? MaskState::Wear : maskStateOfSlot(slot);
            return rightAbout(seen, Gender::Female, AgeGroup::Young);
        });
        const ScoringResult r = scoreSuspects(t.rows(), t.labels(), {});
        const std::vector<Suspect> found = suspectsOf(r, t.folder(person));
        QCOMPARE(int(found.size()), 1);
        QCOMPARE(found[0].kind, SuspectKind::Mask);
        QCOMPARE(found[0].photo(), QStringLiteral("incorrect_mask"));
        QCOMPARE(found[0].given, QStringLiteral("incorrect"));
        QCOMPARE(found[0].suggested, QStringLiteral("mask"));
    }

    void aGenderFlipIsFoundFromThePooledPhotos()
    {
        Table t;
        t.addCrowd();
        // Labelled male; 5 photos look female, 2 (the masked ones the model is unsure of) male.
        const int person = t.add(Gender::Male, 35, [](int slot) {
            Say say = rightAbout(maskStateOfSlot(slot), Gender::Female, AgeGroup::Middle);
            if (slot < 2)
                say.gender = {0.6, 0.4};
            return say;
        });
        const ScoringResult r = scoreSuspects(t.rows(), t.labels(), {});
        const std::vector<Suspect> found = suspectsOf(r, t.folder(person));
        QCOMPARE(int(found.size()), 1);
        QCOMPARE(found[0].kind, SuspectKind::Gender);
        QCOMPARE(found[0].photo(), QString());
        QCOMPARE(found[0].given, QStringLiteral("male"));
        QCOMPARE(found[0].suggested, QStringLiteral("female"));
        QVERIFY(found[0].score > 0.8 && found[0].score < 1.0);
        // Pooling is a mean, not a sum: 7 photos that say the same thing score as one of them.
        Table same;
        same.addCrowd();
        const int alike = same.add(Gender::Male, 35, [](int slot) {
            Say say = rightAbout(maskStateOfSlot(slot), Gender::Female, AgeGroup::Middle);
            say.gender = {0.3, 0.7};
            return say;
        });
        const std::vector<Suspect> pooled =
            suspectsOf(scoreSuspects(same.rows(), same.labels(), {}), same.folder(alike));
        QCOMPARE(int(pooled.size()), 1);
        QVERIFY(std::abs(pooled[0].score - pooled[0].evidence[0].calibrated[1]) < 1e-9);
        QVERIFY(pooled[0].score < 0.8);
        // One photo alone does not make a person a suspect: the pool outweighs it.
        Table one;
        one.addCrowd();
        const int single = one.add(Gender::Male, 35, [](int slot) {
            Say say = rightAbout(maskStateOfSlot(slot), Gender::Male, AgeGroup::Middle);
            if (slot == 0)
                say.gender = {0.05, 0.95};
            return say;
        });
        QVERIFY(
            suspectsOf(scoreSuspects(one.rows(), one.labels(), {}), one.folder(single)).empty());
    }

    void aTimidClassIsNotDrowned()
    {
        // The model is timid about "old" (it gives the old 0.45 and the rest to middle) and sure
        // of the rest. An old person it treats like every other old person is no suspect, while
        // a middle-aged person labelled young still is.
        Table t;
        const auto timid = [](Gender g, MaskState m) {
            Say say = rightAbout(m, g, AgeGroup::Old);
            say.age = {0.05, 0.5, 0.45};
            return say;
        };
        for (int k = 0; k < 8; ++k)
            for (Gender g : {Gender::Male, Gender::Female}) {
                t.addRight(g, 22);
                t.addRight(g, 45);
                t.add(g, 61, [&](int slot) { return timid(g, maskStateOfSlot(slot)); });
            }
        const int old = t.add(Gender::Female, 62, [&](int slot) {
            Say say = timid(Gender::Female, maskStateOfSlot(slot));
            say.age = {0.04, 0.52, 0.44};
            return say;
        });
        const int wrong = t.add(Gender::Male, 20, [](int slot) {
            return rightAbout(maskStateOfSlot(slot), Gender::Male, AgeGroup::Middle);
        });
        const ScoringResult r = scoreSuspects(t.rows(), t.labels(), {});
        QVERIFY(r.thresholds.age[2] < 0.5 && r.thresholds.age[1] > 0.7);
        QVERIFY(suspectsOf(r, t.folder(old)).empty());
        const std::vector<Suspect> found = suspectsOf(r, t.folder(wrong));
        QCOMPARE(int(found.size()), 1);
        QCOMPARE(found[0].kind, SuspectKind::Age);
        QCOMPARE(found[0].suggested, QStringLiteral("middle"));
        QCOMPARE(r.suspects.front().folder, t.folder(wrong));
    }

    void ageDistanceOrdersSuspects_data()
    {
        QTest::addColumn<int>("nearAge");
        QTest::addColumn<int>("farAge");
        QTest::addColumn<int>("seen"); // the age group the model sees on both
        QTest::newRow("59 or 25, called old") << 59 << 25 << int(AgeGroup::Old);
        QTest::newRow("29 or 18, called middle") << 29 << 18 << int(AgeGroup::Middle);
        QTest::newRow("30 or 55, called young") << 30 << 55 << int(AgeGroup::Young);
    }

    void ageDistanceOrdersSuspects()
    {
        QFETCH(int, nearAge);
        QFETCH(int, farAge);
        QFETCH(int, seen);
        Table t;
        t.addCrowd();
        const auto look = [seen](int slot) {
            return rightAbout(maskStateOfSlot(slot), Gender::Female, AgeGroup(seen));
        };
        const int near = t.add(Gender::Female, nearAge, look);
        const int far = t.add(Gender::Female, farAge, look);
        const ScoringResult r = scoreSuspects(t.rows(), t.labels(), {});
        const std::vector<Suspect> nearFound = suspectsOf(r, t.folder(near));
        const std::vector<Suspect> farFound = suspectsOf(r, t.folder(far));
        QCOMPARE(int(nearFound.size()), 1);
        QCOMPARE(int(farFound.size()), 1);
        QCOMPARE(nearFound[0].suggested, ageGroupName(AgeGroup(seen)));
        QCOMPARE(nearFound[0].age, nearAge);
        // Same evidence; only the distance to the suggested group differs.
        QVERIFY2(
            farFound[0].score > 2 * nearFound[0].score,
            qPrintable(QStringLiteral("%1 vs %2").arg(farFound[0].score).arg(nearFound[0].score)));
        QCOMPARE(r.suspects.front().folder, t.folder(far));
    }

    void ageGroupsFollowTheThresholds()
    {
        // With old from 58, a stated 59 is old: the same "old" answer is no suspect then.
        Table t;
        t.addCrowd();
        const int person = t.add(Gender::Male, 59, [](int slot) {
            return rightAbout(maskStateOfSlot(slot), Gender::Male, AgeGroup::Old);
        });
        QCOMPARE(int(suspectsOf(scoreSuspects(t.rows(), t.labels(), {}), t.folder(person)).size()),
                 1);
        QVERIFY(
            suspectsOf(scoreSuspects(t.rows(), t.labels(), AgeThresholds{30, 58}), t.folder(person))
                .empty());
    }

    void theEffectiveLabelsAreJudged()
    {
        Table t;
        t.addCrowd();
        const int person = t.add(Gender::Male, 35, [](int slot) {
            return rightAbout(maskStateOfSlot(slot), Gender::Female, AgeGroup::Middle);
        });
        LabeledDataset labels = t.labels();
        QCOMPARE(int(suspectsOf(scoreSuspects(t.rows(), labels, {}), t.folder(person)).size()), 1);
        labels.setGender(person, Gender::Female); // fixed: no longer a suspect
        QVERIFY(suspectsOf(scoreSuspects(t.rows(), labels, {}), t.folder(person)).empty());
        // An excluded photo is not judged, and a folder the dataset lost is reported.
        std::vector<PhotoPrediction> rows = t.rows();
        rows.push_back({QStringLiteral("gone_male_Asian_30"), 0, 0, rows.front().probabilities});
        labels.setExcluded(0, 0, true);
        const ScoringResult r = scoreSuspects(rows, labels, {});
        QCOMPARE(r.photos, 25 * 7 - 1);
        QCOMPARE(r.unknownFolders, QStringList{"gone_male_Asian_30"});
    }

    void acceptingMakesTheLabelAgree_data()
    {
        QTest::addColumn<int>("age");
        QTest::addColumn<int>("seen"); // what the model sees: 0..2 an age group, 3 a swap, 4 female
        QTest::addColumn<QString>("edits");
        QTest::newRow("25 called middle") << 25 << 1 << "age=30";
        QTest::newRow("25 called old") << 25 << 2 << "age=60";
        QTest::newRow("45 called young") << 45 << 0 << "age=29";
        QTest::newRow("swap") << 45 << 3 << "mask@5=normal mask@6=incorrect";
        QTest::newRow("gender") << 45 << 4 << "gender=female";
    }

    void acceptingMakesTheLabelAgree()
    {
        QFETCH(int, age);
        QFETCH(int, seen);
        QFETCH(QString, edits);
        Table t;
        t.addCrowd();
        const AgeGroup group = seen <= 2 ? AgeGroup(seen) : AgeThresholds{}.groupOf(age);
        const int person = t.add(Gender::Male, age, [&](int slot) {
            MaskState mask = maskStateOfSlot(slot);
            if (seen == 3 && slot >= kIncorrectSlot)
                mask = slot == kIncorrectSlot ? MaskState::NotWear : MaskState::Incorrect;
            return rightAbout(mask, seen == 4 ? Gender::Female : Gender::Male, group);
        });
        LabeledDataset labels = t.labels();
        const std::vector<Suspect> found =
            suspectsOf(scoreSuspects(t.rows(), labels, {}), t.folder(person));
        QCOMPARE(int(found.size()), 1);
        QVERIFY(!labelChanged(found[0], labels, {}));
        QStringList applied;
        for (const SuggestedEdit &e : suggestedEdits(found[0], labels, {})) {
            QCOMPARE(e.person, person);
            applied << (e.slot >= 0 ? QStringLiteral("%1@%2=%3")
                                          .arg(editFieldName(e.field))
                                          .arg(e.slot)
                                          .arg(e.value)
                                    : QStringLiteral("%1=%2").arg(editFieldName(e.field), e.value));
            QVERIFY(labels.setValue(e.person, e.slot, e.field, e.value));
        }
        QCOMPARE(applied.join(u' '), edits);
        // Now the label agrees: the suspect counts as fixed and a new scoring drops it.
        QVERIFY(labelChanged(found[0], labels, {}));
        QVERIFY(suspectsOf(scoreSuspects(t.rows(), labels, {}), t.folder(person)).empty());
    }

    void aDismissalOutlivesARescoring()
    {
        Table t;
        t.addCrowd();
        const int person = t.add(Gender::Male, 35, [](int slot) {
            return rightAbout(maskStateOfSlot(slot), Gender::Female, AgeGroup::Middle);
        });
        const Suspect first =
            suspectsOf(scoreSuspects(t.rows(), t.labels(), {}), t.folder(person))[0];
        QTemporaryDir dir;
        const QString path = Dismissals::pathIn(dir.path());
        Dismissals dismissals;
        dismissals.dismiss(first);
        QString error;
        QVERIFY2(dismissals.save(path, &error), qPrintable(error));
        // A new finder run gives new numbers; the dismissal still holds (read from the file).
        std::vector<PhotoPrediction> rows = t.rows();
        for (PhotoPrediction &row : rows)
            row.probabilities[0] *= 0.9f;
        const Suspect again = suspectsOf(scoreSuspects(rows, t.labels(), {}), t.folder(person))[0];
        QVERIFY(again.score != first.score);
        const auto loaded = Dismissals::load(path, &error);
        QVERIFY2(loaded, qPrintable(error));
        QVERIFY(loaded->contains(again));
        // It is about that label: once the gender is changed, a suspect about it is new.
        Suspect other = again;
        other.given = QStringLiteral("female");
        QVERIFY(!loaded->contains(other));
        // A hand-broken file names its line.
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("bogus,x,,,,\n");
        file.close();
        QVERIFY(!Dismissals::load(path, &error));
        QVERIFY2(error.contains("line 3") && error.startsWith(path), qPrintable(error));
    }

    void theCsvHasTheDocumentedColumns()
    {
        Table t;
        t.addCrowd();
        t.add(Gender::Male, 41, [](int slot) {
            const MaskState seen = slot == kIncorrectSlot ? MaskState::NotWear
                                   : slot == kNormalSlot  ? MaskState::Incorrect
                                                          : MaskState::Wear;
            return rightAbout(seen, Gender::Female, AgeGroup::Middle);
        });
        const ScoringResult r = scoreSuspects(t.rows(), t.labels(), {});
        QCOMPARE(int(r.suspects.size()), 2);
        const QStringList lines = suspectsCsv(r.suspects).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QStringLiteral("rank,folder,photo,kind,given,suggested,score"));
        QVERIFY2(
            lines[1].startsWith(QStringLiteral("1,000025_male_Asian_41,incorrect_mask+normal,"
                                               "mask-swap,incorrect+normal,normal+incorrect,")),
            qPrintable(lines[1]));
        QVERIFY2(lines[2].startsWith(QStringLiteral("2,000025_male_Asian_41,,gender,male,female,")),
                 qPrintable(lines[2]));
        QCOMPARE(lines[2].section(u',', 6).toDouble(), std::round(r.suspects[1].score * 1e4) / 1e4);
    }
};

QTEST_GUILESS_MAIN(TestSuspectScoring)
#include "tst_suspectscoring.moc"
