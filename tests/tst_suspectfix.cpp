// What accepting a suspect changes (the label then agrees and the suspect drops out) and how a
// dismissal is kept, on the hand-made tables of the scoring tests.

#include "dismissals.h"
#include "suspectfix.h"
#include "suspecttable.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::finder;
using namespace masklab::finder::test;

class TestSuspectFix : public QObject
{
    Q_OBJECT
private slots:
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
};

QTEST_GUILESS_MAIN(TestSuspectFix)
#include "tst_suspectfix.moc"
