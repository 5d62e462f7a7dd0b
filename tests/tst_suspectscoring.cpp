// The suspect scoring on hand-made probability tables: what a model that learned the data would
// say about a few persons, with a known error or none.

#include "suspecttable.h"

#include <QTest>

using namespace masklab;
using namespace masklab::finder;
using namespace masklab::finder::test;

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
        QVERIFY2(s.score > 0.9, qPrintable(QString::number(s.score)));
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
        addRealisticCrowd(t, 96);
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
        QVERIFY2(found[0].score > 0.5 && found[0].score < 1.0,
                 qPrintable(QString::number(found[0].score)));
        // Pooling is a mean, not a sum: 7 photos that each say female at 0.7 are weaker
        // evidence than 5 that say it at 0.9, not 7 times one photo's.
        Table same;
        addRealisticCrowd(same, 96);
        const int alike = same.add(Gender::Male, 35, [](int slot) {
            Say say = rightAbout(maskStateOfSlot(slot), Gender::Female, AgeGroup::Middle);
            say.gender = {0.3, 0.7};
            return say;
        });
        const std::vector<Suspect> pooled =
            suspectsOf(scoreSuspects(same.rows(), same.labels(), {}), same.folder(alike));
        QCOMPARE(int(pooled.size()), 1);
        QVERIFY2(pooled[0].score < found[0].score,
                 qPrintable(QStringLiteral("%1 vs %2").arg(pooled[0].score).arg(found[0].score)));
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
