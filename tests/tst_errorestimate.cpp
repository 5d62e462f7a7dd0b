// How many of the suspects are real errors: the estimate on hand-made probability tables of a
// realistic crowd with planted errors, the default view's cut-off, too few persons to estimate,
// and the estimate file (written, read back, refused when it is not one).

#include "suspecttable.h"

#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::finder;
using namespace masklab::finder::test;

namespace {

int flipGender(Table &t)
{
    return t.add(Gender::Male, 35, [](int slot) {
        return rightAbout(maskStateOfSlot(slot), Gender::Female, AgeGroup::Middle, 0.95);
    });
}

int swapMasks(Table &t)
{
    return t.add(Gender::Female, 50, [](int slot) {
        const MaskState seen = slot == kIncorrectSlot ? MaskState::NotWear
                               : slot == kNormalSlot  ? MaskState::Incorrect
                                                      : MaskState::Wear;
        return rightAbout(seen, Gender::Female, AgeGroup::Middle, 0.95);
    });
}

} // namespace

class TestErrorEstimate : public QObject
{
    Q_OBJECT
private slots:
    void theEstimateCountsThePlantedErrors()
    {
        Table t;
        addRealisticCrowd(t, 96);
        const QStringList planted = {t.folder(flipGender(t)), t.folder(flipGender(t)),
                                     t.folder(swapMasks(t))};
        const ScoringResult r = scoreSuspects(t.rows(), t.labels(), {});
        const ErrorEstimate &e = r.estimate;
        QVERIFY2(e.known, qPrintable(e.whyUnknown));
        // 3 planted, and a few persons the model doubts: about 3, not the list's length.
        QVERIFY2(e.expected > 2.0 && e.expected < 5.0, qPrintable(e.summary()));
        QVERIFY2(e.byKind[size_t(SuspectKind::MaskSwap)] > 0.9, qPrintable(e.summary()));
        QVERIFY(e.rate[size_t(SuspectKind::Gender)] > 0.01);
        QVERIFY(int(r.suspects.size()) > e.likelyCount()); // the doubted persons are listed
        // The default view holds the planted errors, and the probabilities say so.
        const double cutoff = likelyCutoff(r.suspects, e);
        QStringList shown;
        for (const Suspect &s : r.suspects)
            if (s.score >= cutoff)
                shown << s.folder;
        for (const QString &folder : planted)
            QVERIFY2(shown.contains(folder), qPrintable(folder));
        QVERIFY2(shown.size() <= e.likelyCount() + 1,
                 qPrintable(e.summary() + ": " + shown.join(", ")));
        for (const Suspect &s : r.suspects)
            if (planted.contains(s.folder))
                QVERIFY2(s.score > 0.5, qPrintable(s.folder));
        QVERIFY(e.summary().startsWith(
            QStringLiteral("about %1 likely errors (gender ").arg(std::lround(e.expected))));
    }

    void tooFewPersonsHaveNoEstimate()
    {
        Table t;
        addRealisticCrowd(t, 30);
        flipGender(t);
        const ScoringResult r = scoreSuspects(t.rows(), t.labels(), {});
        QVERIFY(!r.estimate.known);
        QVERIFY2(r.estimate.whyUnknown.contains("31 persons") &&
                     r.estimate.whyUnknown.contains("at least 50"),
                 qPrintable(r.estimate.whyUnknown));
        QCOMPARE(likelyCutoff(r.suspects, r.estimate), 0.0); // everything shows
        QCOMPARE(r.estimate.summary(), r.estimate.whyUnknown);
    }

    void theCutoffCountsModelSuspectsOnly()
    {
        std::vector<Suspect> ranked(4);
        const double scores[] = {0.99, 0.9, 0.6, 0.2};
        for (size_t i = 0; i < ranked.size(); ++i)
            ranked[i].score = scores[i];
        ranked[1].kind = SuspectKind::Duplicate;
        ErrorEstimate e;
        e.known = true;
        e.expected = 1.2; // 2 likely: the two best model suspects
        QCOMPARE(e.likelyCount(), 2);
        QCOMPARE(likelyCutoff(ranked, e), 0.6);
        e.expected = 0; // none likely: above every score
        QVERIFY(likelyCutoff(ranked, e) > 1);
        e.expected = 9; // more likely than listed: all
        QCOMPARE(likelyCutoff(ranked, e), 0.0);
    }

    void theFileRoundTripsAndBadOnesAreNamed()
    {
        QTemporaryDir dir;
        ErrorEstimate e;
        e.known = true;
        e.expected = 7.25;
        e.byKind[size_t(SuspectKind::Gender)] = 4.5;
        e.rate[size_t(SuspectKind::Gender)] = 0.015;
        const QString path = dir.filePath("estimate.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(errorEstimateJson(e));
        file.close();
        QString error;
        const auto back = readErrorEstimate(path, &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(back->known);
        QCOMPARE(back->expected, 7.25);
        QCOMPARE(back->byKind[size_t(SuspectKind::Gender)], 4.5);
        QCOMPARE(back->rate[size_t(SuspectKind::Gender)], 0.015);
        // No file: an older run, said so, not an error.
        const auto none = readErrorEstimate(dir.filePath("missing.json"), &error);
        QVERIFY(none && !none->known && none->whyUnknown.contains("older MaskLab"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\"known\": \"yes\"}");
        file.close();
        QVERIFY(!readErrorEstimate(path, &error));
        QVERIFY2(error.startsWith(path) && error.contains("not an error estimate"),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestErrorEstimate)
#include "tst_errorestimate.moc"
