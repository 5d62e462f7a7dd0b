// The Suspects tab on real widgets: a finder run of the workspace reopens with the dataset, A
// accepts through the undo stack (and undo reopens it), D dismisses and the dismissal survives
// reopening the dataset, filters and the counter, the counts on the Overview and EDA tabs, and
// a finder run started from the tab on a worker thread; the list opens on the likely errors.

#include "configeditor.h"
#include "coresharing.h"
#include "edapanel.h"
#include "finderbox.h"
#include "finderrun.h"
#include "labelsession.h"
#include "mainwindow.h"
#include "personsplit.h"
#include "summarypanel.h"
#include "suspectfilterproxy.h"
#include "suspectheat.h"
#include "suspectlistmodel.h"
#include "suspectscoring.h"
#include "suspectspanel.h"
#include "suspectview.h"
#include "testsupport.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include "datasetscanner.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

namespace {
// A model's answer: right about everyone, except `flipped` looks the other gender and the
// incorrect_mask and normal photos of `swapped` look exchanged.
finder::ClassProbabilities answer(const Person &p, int slot, bool flip, bool swap)
{
    MaskState mask = maskStateOfSlot(slot);
    if (swap && mask != MaskState::Wear)
        mask = mask == MaskState::Incorrect ? MaskState::NotWear : MaskState::Incorrect;
    const Gender gender =
        flip ? (p.gender == Gender::Male ? Gender::Female : Gender::Male) : p.gender;
    ClassLabel label{mask, gender, AgeThresholds{}.groupOf(p.age)};
    finder::ClassProbabilities probabilities;
    probabilities.fill(0.02f / 17);
    probabilities[size_t(classIndex(label))] = 0.98f;
    return probabilities;
}
} // namespace

class TestSuspects : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;
    QString m_flipped, m_swapped;

    bool openIn(MainWindow &window)
    {
        QSignalSpy ready(&window, &MainWindow::browserReady);
        window.openDataset(m_root);
        return ready.wait(20000);
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("MaskLabTest");
        QCoreApplication::setApplicationName("tst_suspects");
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 24, 2, 0, false, 96, 128));
        // A finished finder run, written as the finder writes one.
        const Dataset dataset = indexDataset(m_root).dataset;
        m_flipped = dataset.persons[3].folder;
        m_swapped = dataset.persons[8].folder;
        std::vector<finder::PhotoPrediction> rows;
        for (const Person &p : dataset.persons)
            for (int slot = 0; slot < kPhotoSlotCount; ++slot)
                rows.push_back({p.folder, slot, 0,
                                answer(p, slot, p.folder == m_flipped, p.folder == m_swapped)});
        const finder::FinderRun run(m_root + ".masklab/finder/0123456789ab");
        QVERIFY(QDir().mkpath(run.dir()));
        QString error;
        QVERIFY(writeFile(run.outOfFoldFile(), finder::outOfFoldCsv(rows).toUtf8()));
        const LabeledDataset labels(std::make_shared<Dataset>(dataset));
        finder::FinderRunInfo info;
        info.folds = 5;
        info.labels = finder::personLabelSignatures(labels);
        QVERIFY2(run.writeInfo(info, &error), qPrintable(error));
        QVERIFY(writeFile(run.suspectsJsonFile(),
                          finder::suspectsJson(finder::scoreSuspects(rows, labels, {}).suspects)));
    }

    void reopensAndReviews()
    {
        MainWindow window;
        window.setInteractive(false);
        window.resize(1300, 800);
        window.show();
        QVERIFY(openIn(window));
        SuspectsPanel *panel = part<SuspectsPanel>(window);
        QAbstractItemModelTester tester(panel->model());
        QCOMPARE(panel->model()->rowCount(), 2);
        QCOMPARE(panel->model()->suspect(0).kind, finder::SuspectKind::MaskSwap);
        QCOMPARE(panel->model()->suspect(0).folder, m_swapped);
        QCOMPARE(panel->model()->suspect(1).folder, m_flipped);
        QCOMPARE(panel->countsText(), "Reviewed 0 (fixed 0, dismissed 0), left 2 of 2");
        QVERIFY(part<SummaryPanel>(window)->text().contains("2 open of 2"));
        QVERIFY(
            part<EdaPanel>(window)->suspectsLabel()->text().contains("2 suspected label errors"));
        QVERIFY(window.showTab("suspects"));
        QCOMPARE(panel->currentRow(), 0);
        QVERIFY(
            panel->view()->fixText().contains("swap the mask states of incorrect_mask and normal"));

        // A: the swap is applied through the undo stack; the next open suspect is selected.
        QUndoStack *undo = window.session()->undoStack();
        const auto listTop = [&] {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            return panel->table()->mapTo(&window, QPoint(0, 0));
        };
        const QPoint top = listTop();
        QTest::keyClick(panel->table(), Qt::Key_A);
        // The relabel notice shows and the list stays put: the next click lands where aimed.
        QVERIFY(panel->noticeText().contains("relabeled since"));
        QCOMPARE(listTop(), top);
        const LabeledDataset &labels = window.session()->labels();
        const int swapped = labels.indexOf(m_swapped);
        QCOMPARE(labels.mask(swapped, 5), MaskState::NotWear);
        QCOMPARE(labels.mask(swapped, 6), MaskState::Incorrect);
        QCOMPARE(undo->count(), 1);
        QCOMPARE(panel->currentRow(), 1);
        QCOMPARE(panel->countsText(), "Reviewed 1 (fixed 1, dismissed 0), left 1 of 2");
        QVERIFY(part<SummaryPanel>(window)->text().contains("1 open of 2"));
        if (!qEnvironmentVariableIsEmpty("MASKLAB_SHOTS"))
            window.grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/suspects.png");
        // Undo reopens it.
        undo->undo();
        QCOMPARE(labels.mask(swapped, 5), MaskState::Incorrect);
        QCOMPARE(panel->countsText(), "Reviewed 0 (fixed 0, dismissed 0), left 2 of 2");
        undo->redo();
        // D on the fixed suspect does nothing: the fix said it was an error, and an undo of the
        // fix must reopen it, not leave it dismissed.
        QVERIFY(panel->selectRow(0));
        QTest::keyClick(panel->table(), Qt::Key_D);
        QCOMPARE(panel->model()->status(0), SuspectListModel::Status::Fixed);
        undo->undo();
        QCOMPARE(panel->model()->status(0), SuspectListModel::Status::Open);
        undo->redo();

        // D: the gender suspect is not an error; kept in the workspace.
        QVERIFY(panel->selectRow(1));
        QTest::keyClick(panel->table(), Qt::Key_D);
        QCOMPARE(panel->model()->status(1), SuspectListModel::Status::Dismissed);
        QCOMPARE(labels.gender(labels.indexOf(m_flipped)),
                 labels.person(labels.indexOf(m_flipped)).gender);
        QVERIFY(QFile::exists(m_root + ".masklab/finder/dismissed.csv"));
        QCOMPARE(panel->countsText(), "Reviewed 2 (fixed 1, dismissed 1), left 0 of 2");

        // Filters: by kind, and hiding what was reviewed.
        panel->kindFilter()->setCurrentIndex(panel->kindFilter()->findText("gender"));
        QCOMPARE(panel->proxy()->rowCount(), 1);
        panel->kindFilter()->setCurrentIndex(0);
        panel->proxy()->setHideReviewed(true);
        QCOMPARE(panel->proxy()->rowCount(), 0);
    }

    void theDismissalOutlivesReopening()
    {
        MainWindow window;
        window.setInteractive(false);
        QVERIFY(openIn(window));
        SuspectListModel *model = part<SuspectsPanel>(window)->model();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->status(1), SuspectListModel::Status::Dismissed); // from the workspace
        QCOMPARE(model->status(0), SuspectListModel::Status::Fixed);     // the overlay kept the fix
        // Taking the dismissal back (D again) makes it open.
        QVERIFY(part<SuspectsPanel>(window)->selectRow(1));
        QVERIFY(part<SuspectsPanel>(window)->toggleDismissCurrent());
        QCOMPARE(model->status(1), SuspectListModel::Status::Open);
    }

    // A suspect whose person left the dataset since the finder ran is "gone": not open, not
    // fixable, and N passes it by.
    void goneSuspectsAreSaidAndSkipped()
    {
        MainWindow window;
        window.setInteractive(false);
        window.resize(1300, 800);
        window.show();
        QVERIFY(openIn(window));
        SuspectsPanel *panel = part<SuspectsPanel>(window);
        finder::Suspect gone = panel->model()->suspect(1);
        gone.folder = QStringLiteral("999999_male_Asian_30");
        panel->model()->setSuspects({gone, panel->model()->suspect(1)});
        QCOMPARE(panel->model()->status(0), SuspectListModel::Status::Gone);
        QCOMPARE(panel->model()->status(1), SuspectListModel::Status::Open);
        QCOMPARE(panel->model()->index(0, SuspectListModel::StatusColumn).data().toString(),
                 "gone");
        QCOMPARE(panel->model()->counts().gone, 1);
        QVERIFY(panel->countsText().endsWith("; 1 gone from the dataset"));
        QVERIFY(panel->selectRow(0));
        // Nothing to fix, dismiss or show on a person who is not there.
        for (QPushButton *button : panel->findChildren<QPushButton *>())
            if (button->text() == "Accept (A)" || button->text() == "Not an error (D)" ||
                button->text().startsWith("Show in browser"))
                QVERIFY2(!button->isEnabled(), qPrintable(button->text()));
        QTest::keyClick(panel->table(), Qt::Key_D);
        QCOMPARE(panel->model()->status(0), SuspectListModel::Status::Gone);
        QVERIFY(!panel->toggleDismissCurrent());
        QTest::keyClick(panel->table(), Qt::Key_N);
        QCOMPARE(panel->currentRow(), 1);
        QTest::keyClick(panel->table(), Qt::Key_N);
        QCOMPARE(panel->currentRow(), 1); // the only open one: never the gone one
    }

    // With an estimate the list opens on the likely errors; one click shows them all. The
    // Overview says the estimate.
    void theLikelyErrorsOpenTheList()
    {
        const finder::FinderRun run(m_root + ".masklab/finder/0123456789ab");
        finder::ErrorEstimate estimate;
        estimate.known = true;
        estimate.expected = 0.6; // 1 likely: the best of the 2 model suspects
        estimate.byKind[size_t(finder::SuspectKind::MaskSwap)] = 0.6;
        QVERIFY(writeFile(run.estimateFile(), finder::errorEstimateJson(estimate)));
        MainWindow window;
        window.setInteractive(false);
        window.resize(1300, 800);
        window.show();
        QVERIFY(openIn(window));
        QVERIFY(window.showTab("suspects"));
        SuspectsPanel *panel = part<SuspectsPanel>(window);
        QCOMPARE(panel->model()->rowCount(), 2);
        QCOMPARE(panel->proxy()->rowCount(), 1);
        QCOMPARE(panel->model()
                     ->suspect(panel->proxy()->mapToSource(panel->proxy()->index(0, 0)).row())
                     .folder,
                 m_swapped);
        QVERIFY2(panel->estimateText().startsWith("About 1 likely error (mask-swap 0.6): showing "
                                                  "the 1 most likely"),
                 qPrintable(panel->estimateText()));
        QVERIFY2(part<SummaryPanel>(window)->text().contains("about 1 likely error"),
                 qPrintable(part<SummaryPanel>(window)->text()));
        // One click: all of them.
        QCheckBox *likely = panel->likelyOnly();
        QTest::mouseClick(likely, Qt::LeftButton, {}, QPoint(8, likely->height() / 2));
        QVERIFY(!likely->isChecked());
        QCOMPARE(panel->proxy()->rowCount(), 2);
        QVERIFY2(panel->estimateText().endsWith("showing all 2 suspects."),
                 qPrintable(panel->estimateText()));
        QVERIFY(QFile::remove(run.estimateFile()));
    }

    void findErrorsRunsFromTheTab()
    {
        MainWindow window;
        window.setInteractive(false);
        window.show();
        QVERIFY(openIn(window));
        QVERIFY(window.showTab("suspects"));
        TrainConfig tiny = part<TrainingPanel>(window)->editor()->config();
        tiny.data.inputWidth = 36;
        tiny.data.inputHeight = 48;
        tiny.data.crop.reset();
        tiny.model.width = 8;
        tiny.train.epochs = 1;
        tiny.train.threads = 1;
        part<TrainingPanel>(window)->editor()->setConfig(tiny);
        FinderBox *finder = part<SuspectsPanel>(window)->finder();
        finder->foldsBox()->setValue(2);
        QTRY_VERIFY_WITH_TIMEOUT(finder->estimateText().contains("2 folds to train"), 20000);
        QSignalSpy done(finder, &FinderBox::finished);
        QTest::mouseClick(finder->findButton(), Qt::LeftButton);
        QVERIFY(finder->isRunning()); // on a worker thread: the click returned at once
        QVERIFY(!finder->findButton()->isEnabled());
        QVERIFY2(finder->statusText().contains(" elapsed, "), qPrintable(finder->statusText()));

        // Start in the Training tab meanwhile: it says who trains and queues after it.
        TrainingPanel *training = part<TrainingPanel>(window);
        part<CoreSharing>(window)->setAnswer(CoreSharing::Choice::Queue);
        QVERIFY(training->startTraining());
        QVERIFY(!training->isTraining());
        QVERIFY2(training->shownRunText() == "Queued: starts when the error finder is done",
                 qPrintable(training->shownRunText()));
        QVERIFY(!part<QPushButton>(*training, "startTraining")->isEnabled());
        QSignalSpy trained(training, &TrainingPanel::trainingFinished);
        QVERIFY(done.wait(180000));
        QVERIFY2(finder->statusText().startsWith("Done"), qPrintable(finder->statusText()));
        QVERIFY2(finder->statusText().contains("took "), qPrintable(finder->statusText()));
        QTRY_VERIFY(training->isTraining()); // the queued start ran once the finder was done
        QVERIFY(trained.wait(180000));
        QCOMPARE(trained.first().at(0).toBool(), true);
        // The new run is what the tab shows now, and a second click would train nothing.
        QVERIFY(part<SuspectsPanel>(window)->model()->rowCount() >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(finder->estimateText().contains("reopens at once"), 20000);
        // 24 persons are too few to calibrate on: the tab says so and shows every suspect.
        SuspectsPanel *panel = part<SuspectsPanel>(window);
        QVERIFY2(panel->estimateText().contains("calibrating the scores takes at least 50"),
                 qPrintable(panel->estimateText()));
        QVERIFY(!panel->likelyOnly()->isEnabled());
        QCOMPARE(panel->proxy()->rowCount(), panel->model()->rowCount());
        QCOMPARE(finder::FinderRun::list(m_root + ".masklab").size(), 2);

        // H: the heat of the fold model that held the suspect's person out, on its photos.
        QVERIFY(panel->proxy()->rowCount() > 0);
        panel->selectRow(0);
        const finder::Suspect suspect =
            panel->model()->suspect(panel->proxy()->mapToSource(panel->proxy()->index(0, 0)).row());
        QTest::keyClick(panel->table(), Qt::Key_H);
        SuspectHeat *heat = part<SuspectHeat>(*panel);
        QTRY_VERIFY_WITH_TIMEOUT(!heat->overlays().isEmpty(), 30000);
        const QStringList shown = panel->view()->photoPaths();
        QCOMPARE(heat->overlays().size(), shown.size());
        const finder::FinderRun run(finder::FinderRun::list(m_root + ".masklab").front());
        QString error;
        const auto foldOf = readFoldFile(run.foldsFile(), 2, &error);
        QVERIFY2(foldOf, qPrintable(error));
        QVERIFY2(
            heat->note().contains(
                QStringLiteral("heat: fold-%1 (held out)").arg(foldOf->value(suspect.folder) + 1)),
            qPrintable(heat->note()));
        QCOMPARE(heat->overlays().value(shown.first()).size(), QImage(shown.first()).size());
        QTest::keyClick(panel->table(), Qt::Key_H);
        QVERIFY(heat->overlays().isEmpty());
    }
};

QTEST_MAIN(TestSuspects)
#include "tst_suspects.moc"
