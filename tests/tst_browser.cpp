// The browser on real widgets: relabel with hotkeys, undo/redo of every edit kind, merging,
// filters with counts, thumbnails arriving, and that the dataset is never written. The photo
// viewer and the Eval tab's grid are in tst_photoviewer.cpp.

#include "barchart.h"
#include "browserpanel.h"
#include "configeditor.h"
#include "evalpanel.h"
#include "filterbar.h"
#include "labelsession.h"
#include "mainwindow.h"
#include "persondetails.h"
#include "personfilterproxy.h"
#include "persongridview.h"
#include "persontablemodel.h"
#include "testsupport.h"
#include "thumbnailcache.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestBrowser : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_base;

    using Opened = OpenedWindow;

    // A fresh copy of the dataset (its own workspace) opened in a window.
    Opened open(const QString &name, const QString &copyOf = {})
    {
        const QString root = m_tmp.filePath(name);
        if (!QFileInfo::exists(root) && !copyTree(copyOf.isEmpty() ? m_base : copyOf, root))
            qFatal("copy failed");
        return openInWindow(root);
    }

    static QModelIndex cell(const Opened &o, int row, int column)
    {
        return browserCell(o, row, column);
    }
    static void select(const Opened &o, int row, int column) { selectBrowserCell(o, row, column); }

    int personAt(const Opened &o, int row)
    {
        return cell(o, row, 0).data(PersonTableModel::PersonIndexRole).toInt();
    }

    QByteArray overlayFile(const Opened &o)
    {
        return readFile(o.session->workspace().overlayPath());
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("MaskLabTest");
        QCoreApplication::setApplicationName("tst_browser");
        m_base = m_tmp.filePath("base");
        QVERIFY(makeSynthDataset(m_base, 20, 1, 0, true, 96, 128));
    }

    void modelsPassTheTester()
    {
        Opened o = open("tester");
        QVERIFY(o.session);
        QAbstractItemModelTester source(o.browser->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxy(o.browser->proxy(),
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(o.browser->model()->rowCount(), 20);
        QCOMPARE(o.browser->model()->columnCount(), 8);
        select(o, 0, 1);
        QTest::keyClick(o.browser->view(), Qt::Key_G);
        o.browser->filterBar()->genderCombo()->setCurrentIndex(1);
        o.browser->filterBar()->genderCombo()->setCurrentIndex(0);
    }

    void hotkeysUndoAndRedo_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("field");
        QTest::newRow("G gender") << int(Qt::Key_G) << 3 << "gender";
        QTest::newRow("1 worn") << int(Qt::Key_1) << 6 << "mask";
        QTest::newRow("2 incorrect") << int(Qt::Key_2) << 7 << "mask";
        QTest::newRow("3 none") << int(Qt::Key_3) << 1 << "mask";
        QTest::newRow("S swap") << int(Qt::Key_S) << 2 << "mask";
        QTest::newRow("X exclude") << int(Qt::Key_X) << 4 << "excluded";
    }

    void hotkeysUndoAndRedo()
    {
        QFETCH(int, key);
        QFETCH(int, column);
        QFETCH(QString, field);
        Opened o = open(QStringLiteral("keys-%1").arg(key));
        const QString before = treeFingerprint(o.root);
        const int person = personAt(o, 2);
        const int slot = column - PersonTableModel::FirstPhotoColumn;
        const LabeledDataset &labels = o.session->labels();
        const Gender gender = labels.gender(person);
        const MaskState mask = labels.mask(person, slot);

        select(o, 2, column);
        QTest::keyClick(o.browser->view(), Qt::Key(key));
        QUndoStack *undo = o.session->undoStack();
        QCOMPARE(undo->count(), 1);
        QVERIFY(labels.isEdited(person));
        QVERIFY(overlayFile(o).contains(labels.person(person).folder.toUtf8()));
        QVERIFY(overlayFile(o).contains(field.toUtf8() + ": {from:"));
        switch (key) {
        case Qt::Key_G:
            QVERIFY(labels.gender(person) != gender);
            break;
        case Qt::Key_1:
        case Qt::Key_2:
        case Qt::Key_3:
            QCOMPARE(int(labels.mask(person, slot)), key - Qt::Key_1);
            QVERIFY(labels.mask(person, slot) != mask);
            QCOMPARE(cell(o, 2, column).data(PersonTableModel::MaskStateRole).toInt(),
                     key - Qt::Key_1);
            QVERIFY(cell(o, 2, column).data(PersonTableModel::EditedRole).toBool());
            break;
        case Qt::Key_S:
            QCOMPARE(labels.mask(person, 5), MaskState::NotWear);
            QCOMPARE(labels.mask(person, 6), MaskState::Incorrect);
            QCOMPARE(labels.overlay().editCount(), 2);
            break;
        case Qt::Key_X:
            QVERIFY(labels.excluded(person, slot));
            QVERIFY(cell(o, 2, column).data(PersonTableModel::ExcludedRole).toBool());
            break;
        }
        const LabelOverlay edited = labels.overlay();

        QTest::keyClick(o.window.get(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(labels.overlay().isEmpty());
        QCOMPARE(labels.gender(person), gender);
        QCOMPARE(labels.mask(person, slot), mask);
        QVERIFY(!labels.isEdited(person));
        QVERIFY(!overlayFile(o).contains(labels.person(person).folder.toUtf8()));

        QTest::keyClick(o.window.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(labels.overlay() == edited);
        QCOMPARE(treeFingerprint(o.root), before); // the dataset folder is never written
    }

    void repeatedEditsMerge()
    {
        Opened o = open("merge");
        QUndoStack *undo = o.session->undoStack();
        select(o, 0, 1);
        QTest::keyClick(o.browser->view(), Qt::Key_G);
        QTest::keyClick(o.browser->view(), Qt::Key_G); // back to the original
        QVERIFY(o.session->labels().overlay().isEmpty());
        QCOMPARE(undo->count(), 0); // merged and obsolete: nothing to undo

        QTest::keyClick(o.browser->view(), Qt::Key_2);
        QTest::keyClick(o.browser->view(), Qt::Key_3);
        QCOMPARE(undo->count(), 1); // the same photo's mask twice: one step
        QCOMPARE(o.session->labels().mask(personAt(o, 0), 0), MaskState::NotWear);

        // The age through the details panel: 44, then 45 -> one step, group follows.
        QSpinBox *age = o.browser->details()->ageBox();
        const int person = o.browser->details()->person();
        age->setValue(44);
        age->setValue(61);
        QCOMPARE(undo->count(), 2);
        QCOMPARE(o.session->labels().age(person), 61);
        QCOMPARE(cell(o, 0, 1).data(PersonTableModel::ClassRole).toInt(),
                 classIndex(MaskState::NotWear, o.session->labels().gender(person), AgeGroup::Old));
        undo->undo();
        QCOMPARE(o.session->labels().age(person), o.session->labels().person(person).age);
        QCOMPARE(age->value(), o.session->labels().person(person).age);
    }

    void multiSelectIsOneStep()
    {
        Opened o = open("multi");
        auto *view = o.browser->view();
        view->setFocus();
        view->selectionModel()->select(cell(o, 0, 1), QItemSelectionModel::Select);
        view->selectionModel()->select(cell(o, 1, 1), QItemSelectionModel::Select);
        view->selectionModel()->select(cell(o, 3, 2), QItemSelectionModel::Select);
        QTest::keyClick(view, Qt::Key_G);
        QCOMPARE(o.session->labels().overlay().editCount(), 3);
        QCOMPARE(o.session->undoStack()->count(), 1);
        QTest::keyClick(view, Qt::Key_X);
        QCOMPARE(o.session->labels().overlay().editCount(), 6);
        o.session->undoStack()->undo();
        o.session->undoStack()->undo();
        QVERIFY(o.session->labels().overlay().isEmpty());
    }

    void filtersWithCounts()
    {
        Opened o = open("filters");
        const LabeledDataset &labels = o.session->labels();
        int males = 0;
        for (int i = 0; i < labels.personCount(); ++i)
            males += labels.gender(i) == Gender::Male ? 1 : 0;
        FilterBar *bar = o.browser->filterBar();
        QVERIFY(bar->genderCombo()->itemText(1).endsWith(QStringLiteral("(%1)").arg(males)));
        QVERIFY(bar->genderCombo()->itemText(2).endsWith(QStringLiteral("(%1)").arg(20 - males)));
        bar->genderCombo()->setCurrentIndex(1);
        QCOMPARE(o.browser->proxy()->rowCount(), males);
        QCOMPARE(bar->matchLabel()->text(), QStringLiteral("%1 of 20 persons").arg(males));

        // Relabel a shown male as female: he stays where he is, marked as no longer matching,
        // until the cursor moves to another person; then he leaves the filtered list.
        select(o, 0, 1);
        const int edited = personAt(o, 0);
        QTest::keyClick(o.browser->view(), Qt::Key_G);
        QCOMPARE(o.browser->proxy()->rowCount(), males);
        QCOMPARE(personAt(o, 0), edited);
        QVERIFY(o.browser->proxy()
                    ->index(0, PersonTableModel::PersonColumn)
                    .data(PersonTableModel::OutsideFilterRole)
                    .toBool());
        QVERIFY(!o.browser->proxy()
                     ->index(1, PersonTableModel::PersonColumn)
                     .data(PersonTableModel::OutsideFilterRole)
                     .toBool());
        QVERIFY(bar->genderCombo()->itemText(1).endsWith(QStringLiteral("(%1)").arg(males - 1)));
        QTest::keyClick(o.browser->view(), Qt::Key_Down);
        QTRY_COMPARE(o.browser->proxy()->rowCount(), males - 1);
        QVERIFY(personAt(o, 0) != edited);

        bar->genderCombo()->setCurrentIndex(0);
        bar->editedCheck()->setChecked(true);
        QCOMPARE(o.browser->proxy()->rowCount(), 1);
        bar->editedCheck()->setChecked(false);
        QTest::keyClicks(bar->textEdit(), labels.person(5).folder);
        QCOMPARE(o.browser->proxy()->rowCount(), 1);
        bar->textEdit()->clear();
        bar->classCombo()->setCurrentIndex(1 + 17); // normal_female_old
        for (int row = 0; row < o.browser->proxy()->rowCount(); ++row) {
            const int p = personAt(o, row);
            QCOMPARE(labels.gender(p), Gender::Female);
            QVERIFY(labels.age(p) >= 60);
        }
        QVERIFY(o.browser->proxy()->rowCount() >= 1);
    }

    void thumbnailsArriveAndBrokenFilesAreMarked()
    {
        const QString root = m_tmp.filePath("thumbs");
        QVERIFY(copyTree(m_base, root));
        const QString firstFolder = QString::fromUtf8(readFile(root + "/train/train.csv"))
                                        .split(u'\n')[1]
                                        .split(u',')
                                        .last();
        QVERIFY(writeFile(root + "/train/images/" + firstFolder + "/mask2.jpg", "broken"));
        Opened o = open("thumbs");
        ThumbnailCache *cache =
            part<ThumbnailCache>(*o.window, QStringLiteral("browserThumbnails"));
        QTRY_VERIFY_WITH_TIMEOUT(
            cell(o, 0, 1).data(PersonTableModel::ThumbnailStateRole) == "ready", 10000);
        QTRY_COMPARE_WITH_TIMEOUT(cache->pendingCount(), 0, 10000);
        QVERIFY(!cell(o, 0, 1).data(PersonTableModel::ThumbnailRole).value<QPixmap>().isNull());
        QCOMPARE(cell(o, 0, 2).data(PersonTableModel::ThumbnailStateRole).toString(),
                 QStringLiteral("broken"));
        QVERIFY(cell(o, 0, 0).data(PersonTableModel::ProblemRole).toInt() >= 1);
        // Zooming asks for a bigger tier.
        o.browser->zoomSlider()->setValue(300);
        QCOMPARE(o.browser->model()->thumbnailHeight(), 512);
    }

    void editsSurviveReopening()
    {
        {
            Opened o = open("reopen");
            select(o, 4, 6);
            QTest::keyClick(o.browser->view(), Qt::Key_S);
        }
        Opened again = open("reopen");
        const LabeledDataset &labels = again.session->labels();
        QCOMPARE(labels.overlay().editCount(), 2);
        const int person = personAt(again, 4);
        QCOMPARE(labels.mask(person, 5), MaskState::NotWear);
        QVERIFY(cell(again, 4, 0).data(PersonTableModel::EditedRole).toBool());
    }

    void brokenOverlayKeepsTheFileAndDisablesRelabeling()
    {
        const QString root = m_tmp.filePath("broken-overlay");
        QVERIFY(copyTree(m_base, root));
        QVERIFY(writeFile(root + ".masklab/overlay.yaml", "version: 1\npersons: [\n"));
        Opened o = open("broken-overlay");
        QVERIFY(!o.session);
        QVERIFY2(o.window->statusText().contains("overlay.yaml: line"),
                 qPrintable(o.window->statusText()));
        QCOMPARE(readFile(root + ".masklab/overlay.yaml"), QByteArray("version: 1\npersons: [\n"));

        // Opened after a good dataset in the same window: nothing keeps the previous one.
        Opened good = open("before-broken-overlay");
        QVERIFY(good.session);
        QVERIFY(openAndWait(*good.window, root));
        QVERIFY(!good.window->session());
        QCOMPARE(part<TrainingPanel>(*good.window)->editor()->config().data.dataset, root);
        // The previous session goes by deleteLater(): delete it now rather than after a while.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        const QString submission = m_tmp.filePath("broken-overlay-submission.csv");
        QVERIFY(writeFile(submission, "ImageID,ans\nx.jpg,3\n"));
        QString error;
        QVERIFY2(part<EvalPanel>(*good.window)->openSubmission(submission, &error),
                 qPrintable(error));
        QCOMPARE(part<EvalPanel>(*good.window)->distributionChart()->valueAt(3), 100.0);
    }

    void editedWindowScreenshot()
    {
        // Relabels a few photos with the history shown, and grabs the window (saved when
        // MASKLAB_SCREENSHOT_DIR is set, to look at it).
        Opened o = open("shot");
        o.window->findChild<QDockWidget *>("historyDock")->show();
        select(o, 0, 6);
        QTest::keyClick(o.browser->view(), Qt::Key_S);
        select(o, 1, 3);
        QTest::keyClick(o.browser->view(), Qt::Key_X);
        select(o, 2, 1);
        QTest::keyClick(o.browser->view(), Qt::Key_G);
        o.window->grab(); // the first paint asks for the visible thumbnails
        QTRY_COMPARE_WITH_TIMEOUT(
            part<ThumbnailCache>(*o.window, QStringLiteral("browserThumbnails"))->pendingCount(), 0,
            10000);
        const QImage shot = o.window->grab().toImage();
        QCOMPARE(cell(o, 0, 1).data(PersonTableModel::ThumbnailStateRole).toString(),
                 QStringLiteral("ready"));
        QVERIFY(!shot.isNull());
        const QByteArray dir = qgetenv("MASKLAB_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(shot.save(QString::fromLocal8Bit(dir) + "/browser-edited.png"));
    }

    void autoAdvance()
    {
        Opened o = open("advance");
        o.browser->autoAdvanceCheck()->setChecked(true);
        select(o, 0, 6);
        QTest::keyClick(o.browser->view(), Qt::Key_S);
        QCOMPARE(o.browser->view()->currentIndex().row(), 1);
        QCOMPARE(o.browser->view()->currentIndex().column(), 6);
    }
};

QTEST_MAIN(TestBrowser)
#include "tst_browser.moc"
