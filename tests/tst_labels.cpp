// Label encoding: mask x gender x age group <-> class 0..17, names, thresholds as a setting.

#include "labels.h"

#include <QTest>

using namespace masklab;

class TestLabels : public QObject
{
    Q_OBJECT
private slots:
    void allClasses_data()
    {
        QTest::addColumn<int>("mask");
        QTest::addColumn<int>("gender");
        QTest::addColumn<int>("age");
        QTest::addColumn<int>("expected");
        QTest::addColumn<QString>("name");
        const char *masks[] = {"mask", "incorrect", "normal"};
        const char *genders[] = {"male", "female"};
        const char *ages[] = {"young", "middle", "old"};
        for (int m = 0; m < 3; ++m)
            for (int g = 0; g < 2; ++g)
                for (int a = 0; a < 3; ++a) {
                    const QString name =
                        QStringLiteral("%1_%2_%3").arg(masks[m], genders[g], ages[a]);
                    QTest::newRow(qPrintable(name)) << m << g << a << m * 6 + g * 3 + a << name;
                }
    }

    void allClasses()
    {
        QFETCH(int, mask);
        QFETCH(int, gender);
        QFETCH(int, age);
        QFETCH(int, expected);
        QFETCH(QString, name);
        const ClassLabel label{static_cast<MaskState>(mask), static_cast<Gender>(gender),
                               static_cast<AgeGroup>(age)};
        QCOMPARE(classIndex(label), expected);
        const auto back = classLabel(expected);
        QVERIFY(back.has_value());
        QVERIFY(*back == label);
        QCOMPARE(className(expected), name);
    }

    void endsOfTheRange()
    {
        QCOMPARE(className(0), QStringLiteral("mask_male_young"));
        QCOMPARE(className(17), QStringLiteral("normal_female_old"));
        QVERIFY(!classLabel(-1));
        QVERIFY(!classLabel(18));
        QVERIFY(className(18).isEmpty());
    }

    void ageGroups_data()
    {
        QTest::addColumn<int>("middleFrom");
        QTest::addColumn<int>("oldFrom");
        QTest::addColumn<int>("age");
        QTest::addColumn<int>("group");
        QTest::newRow("default 18") << 30 << 60 << 18 << 0;
        QTest::newRow("default 29") << 30 << 60 << 29 << 0;
        QTest::newRow("default 30") << 30 << 60 << 30 << 1;
        QTest::newRow("default 59") << 30 << 60 << 59 << 1;
        QTest::newRow("default 60") << 30 << 60 << 60 << 2;
        QTest::newRow("old at 58: 57") << 30 << 58 << 57 << 1;
        QTest::newRow("old at 58: 58") << 30 << 58 << 58 << 2;
        QTest::newRow("old at 59: 58") << 30 << 59 << 58 << 1;
        QTest::newRow("old at 59: 59") << 30 << 59 << 59 << 2;
        QTest::newRow("middle at 25: 25") << 25 << 60 << 25 << 1;
        QTest::newRow("middle at 25: 24") << 25 << 60 << 24 << 0;
    }

    void ageGroups()
    {
        QFETCH(int, middleFrom);
        QFETCH(int, oldFrom);
        QFETCH(int, age);
        QFETCH(int, group);
        const AgeThresholds thresholds{middleFrom, oldFrom};
        QVERIFY(thresholds.isValid());
        QCOMPARE(int(thresholds.groupOf(age)), group);
    }

    void thresholdsChangeTheClass()
    {
        // The same 58-year-old, masked female: middle by default, old when old starts at 58.
        const AgeThresholds standard;
        const AgeThresholds moved{30, 58};
        QCOMPARE(classIndex(MaskState::Wear, Gender::Female, standard.groupOf(58)), 4);
        QCOMPARE(classIndex(MaskState::Wear, Gender::Female, moved.groupOf(58)), 5);
        QCOMPARE(ageGroupRange(AgeGroup::Middle, moved), QStringLiteral("30-57"));
        QCOMPARE(ageGroupRange(AgeGroup::Old, moved), QStringLiteral(">=58"));
        QVERIFY(!AgeThresholds({60, 30}).isValid());
    }

    void parsing_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("gender"); // -1: rejected
        QTest::newRow("male") << "male" << 0;
        QTest::newRow("female") << "female" << 1;
        QTest::newRow("spaces and case") << "  Female " << 1;
        QTest::newRow("empty") << "" << -1;
        QTest::newRow("other") << "unknown" << -1;
        QTest::newRow("abbreviation") << "f" << -1;
    }

    void parsing()
    {
        QFETCH(QString, text);
        QFETCH(int, gender);
        const auto parsed = parseGender(text);
        QCOMPARE(parsed.has_value(), gender >= 0);
        if (parsed)
            QCOMPARE(int(*parsed), gender);
    }

    void maskStateNames()
    {
        for (MaskState m : {MaskState::Wear, MaskState::Incorrect, MaskState::NotWear})
            QCOMPARE(parseMaskState(maskStateName(m)), std::optional<MaskState>(m));
        QVERIFY(!parseMaskState(QStringLiteral("masked")));
    }
};

QTEST_APPLESS_MAIN(TestLabels)
#include "tst_labels.moc"
