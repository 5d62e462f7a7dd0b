// A user's journey through the real main window on an X server (Xvfb in CI), driven with real
// key presses and mouse clicks, judged by what the window paints after each step: open, filter,
// relabel with keys, undo, EDA, a tiny error finder, the 2nd, 5th and 10th suspect after the
// Browser was scrolled, accept one, train, stop, resume, predict, export, compare; and at the
// end the dataset folder is byte for byte what it was.

#include "barchart.h"
#include "browserpanel.h"
#include "configeditor.h"
#include "edapanel.h"
#include "evalpanel.h"
#include "filterbar.h"
#include "finderbox.h"
#include "labelsession.h"
#include "mainwindow.h"
#include "maskcolor.h"
#include "personfilterproxy.h"
#include "persongridview.h"
#include "persontablemodel.h"
#include "predictbox.h"
#include "suspectfilterproxy.h"
#include "suspectlistmodel.h"
#include "suspectspanel.h"
#include "suspectview.h"
#include "testsupport.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QListWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <cmath>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

namespace {

bool near(const QColor &a, const QColor &b, int tolerance)
{
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

// Empty when the picture is a photo; else what it is instead. A photo's pixels vary; a
// placeholder is flat, the loading grey, or (the edited cell's old defect) solid yellow.
QString notAPhoto(const QImage &image)
{
    if (image.isNull() || image.width() < 8 || image.height() < 8)
        return QStringLiteral("nothing painted");
    int n = 0, yellow = 0, grey = 0;
    double sum = 0, squares = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            const double gray = qGray(c.rgb());
            sum += gray;
            squares += gray * gray;
            yellow += near(c, QColor(0xff, 0xc1, 0x07), 12) ? 1 : 0;
            grey += near(c, QColor(0xe0, 0xe0, 0xe0), 3) ? 1 : 0;
            ++n;
        }
    }
    const double spread = std::sqrt(std::max(0.0, squares / n - (sum / n) * (sum / n)));
    if (yellow > n / 4)
        return QStringLiteral("%1 % yellow").arg(100 * yellow / n);
    if (grey > n / 2)
        return QStringLiteral("the grey placeholder");
    if (spread < 12)
        return QStringLiteral("flat (spread %1)").arg(spread, 0, 'f', 1);
    return {};
}

QImage grabbed(QWidget *widget, const QRect &rect)
{
    return widget->grab(rect).toImage();
}

void clickTab(MainWindow &window, const QString &name)
{
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("tabs"));
    for (int i = 0; i < tabs->count(); ++i)
        if (tabs->tabText(i).remove(u'&') == name)
            QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {},
                              tabs->tabBar()->tabRect(i).center());
}

void click(QWidget *widget)
{
    QTest::mouseClick(widget, Qt::LeftButton, {}, widget->rect().center());
}

void clickRow(QTableView *table, int row)
{
    const QModelIndex index = table->model()->index(row, 1);
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
}

} // namespace

class TestJourney : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;
    QString m_fingerprint;
    std::unique_ptr<MainWindow> m_window;
    QElapsedTimer m_clock;

    // With MASKLAB_SHOTS=DIR, the window as painted after a step, for looking at it by eye.
    void shot(const QString &name) const
    {
        if (qEnvironmentVariableIsSet("MASKLAB_SHOTS"))
            m_window->grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + u'/' + name + ".png");
    }

    BrowserPanel *browser() const { return part<BrowserPanel>(*m_window); }
    SuspectsPanel *suspects() const { return part<SuspectsPanel>(*m_window); }
    TrainingPanel *training() const { return part<TrainingPanel>(*m_window); }

    void clickCell(int row, int column)
    {
        PersonGridView *view = browser()->view();
        const QModelIndex index = browser()->proxy()->index(row, column);
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    }

    // The current browser cell as painted: a photo with its chip in the mask state's colour.
    void checkCurrentCellShows(MaskState mask)
    {
        PersonGridView *view = browser()->view();
        const QRect cell = view->visualRect(view->currentIndex());
        QImage image;
        QString problem;
        QTRY_VERIFY2_WITH_TIMEOUT(
            (image = grabbed(view->viewport(), cell), problem = notAPhoto(image)).isEmpty(),
            qPrintable(problem), 2000);
        const QColor chip = image.pixelColor(5, image.height() - 6); // the chip's left edge
        QVERIFY2(near(chip, maskColor(mask), 30), qPrintable(chip.name()));
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("MaskLabTest");
        QCoreApplication::setApplicationName("tst_journey");
        m_clock.start();
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 60, 3, 0, false, 96, 128));
        m_fingerprint = treeFingerprint(m_root);
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1300, 860);
        QVERIFY(openAndWait(*m_window, m_root));
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow(); // keys reach shortcuts only in the active window
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        training()->editor()->setConfig(tinyTrainConfig(m_root, 1)); // seconds, not minutes
    }

    void filterAndRelabelWithKeys()
    {
        clickTab(*m_window, "Browser");
        PersonGridView *view = browser()->view();
        // Female, by keyboard in the gender filter: the first match is current and on screen.
        QComboBox *gender = browser()->filterBar()->genderCombo();
        gender->setFocus();
        QTest::keyClick(gender, Qt::Key_Down);
        QTest::keyClick(gender, Qt::Key_Down);
        QCOMPARE(gender->currentData().toInt(), int(Gender::Female));
        QCOMPARE(view->currentIndex().row(), 0);
        QCOMPARE(view->verticalScrollBar()->value(), 0);
        QVERIFY(view->viewport()->rect().intersects(view->visualRect(view->currentIndex())));

        // 2 on mask1: the cell shows its photo and the new chip, the status bar the edit.
        clickCell(1, PersonTableModel::FirstPhotoColumn);
        const int person = view->currentIndex().data(PersonTableModel::PersonIndexRole).toInt();
        const QString folder = m_window->session()->labels().person(person).folder;
        QTest::keyClick(view, Qt::Key_2);
        QCOMPARE(m_window->statusText(),
                 folder + QStringLiteral("/mask1 mask \u2192 incorrect \u00b7 Ctrl+Z undoes"));
        checkCurrentCellShows(MaskState::Incorrect);
        shot("journey-edited-cell");
        // S on incorrect_mask: both photos swap states; the cell shows "normal" now.
        clickCell(1, PersonTableModel::FirstPhotoColumn + 5);
        QTest::keyClick(view, Qt::Key_S);
        QVERIFY(m_window->statusText().startsWith(folder + " incorrect_mask and normal swapped"));
        checkCurrentCellShows(MaskState::NotWear);
        // Undo both, from the window's Edit menu shortcut.
        QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier);
        QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(m_window->session()->labels().overlay().isEmpty());
        QVERIFY(m_window->statusText().startsWith("Undone: " + folder));
        // Redo with both keys users know: listed twice on the action (xcb names Ctrl+Shift+Z
        // itself), a key is ambiguous to Qt and does nothing.
        QUndoStack *undo = m_window->session()->undoStack();
        QTest::keyClick(m_window.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(undo->index(), 1);
        QTest::keyClick(m_window.get(), Qt::Key_Y, Qt::ControlModifier);
        QCOMPARE(undo->index(), 2);
        undo->setIndex(0);
        QVERIFY(m_window->session()->labels().overlay().isEmpty());
        gender->setFocus();
        QTest::keyClick(gender, Qt::Key_Home); // any gender again
        QCOMPARE(browser()->proxy()->rowCount(), 60);
    }

    void edaLegendsCoverNoBar()
    {
        clickTab(*m_window, "EDA");
        EdaPanel *eda = part<EdaPanel>(*m_window);
        click(eda->compareCheck());
        QVERIFY(eda->compareCheck()->isChecked());
        QTRY_VERIFY(eda->classChart()->legend->visible());
        shot("journey-eda-compare");
        for (BarChart *chart : eda->charts()) {
            chart->replot(QCustomPlot::rpImmediateRefresh);
            const QRect legend = chart->legend->outerRect();
            for (int i = 0; i < chart->keys().size(); ++i)
                for (bool original : {false, true})
                    QVERIFY2(!legend.intersects(chart->barRect(i, original).toAlignedRect()),
                             qPrintable(chart->title()));
        }
        click(eda->compareCheck());
    }

    void findErrorsThenJudgeSuspectsAfterScrolling()
    {
        clickTab(*m_window, "Suspects");
        FinderBox *finder = suspects()->finder();
        finder->foldsBox()->setFocus();
        for (int i = 0; i < 3; ++i)
            QTest::keyClick(finder->foldsBox(), Qt::Key_Down); // 5 folds -> 2
        QCOMPARE(finder->foldsBox()->value(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(finder->findButton()->isEnabled(), 20000);
        QSignalSpy found(finder, &FinderBox::finished);
        click(finder->findButton());
        QVERIFY(found.wait(180000));
        QVERIFY2(finder->statusText().startsWith("Done"), qPrintable(finder->statusText()));
        QVERIFY(suspects()->proxy()->rowCount() >= 10);

        // The Browser scrolled far down: its thumbnail window is far from the suspects' rows.
        clickTab(*m_window, "Browser");
        clickCell(0, PersonTableModel::FirstPhotoColumn);
        for (int i = 0; i < 10; ++i)
            QTest::keyClick(browser()->view(), Qt::Key_PageDown);
        QVERIFY(browser()->view()->rowAt(0) > 20);

        clickTab(*m_window, "Suspects");
        SuspectView *view = suspects()->view();
        for (int row : {1, 4, 9}) { // the 2nd, 5th and 10th
            clickRow(suspects()->table(), row);
            QCOMPARE(suspects()->currentRow(), row);
            const std::vector<QRect> photos = view->photoRects();
            QCOMPARE(int(photos.size()), 7);
            for (size_t i = 0; i < photos.size(); ++i) {
                QString problem;
                QTRY_VERIFY2_WITH_TIMEOUT((problem = notAPhoto(grabbed(view, photos[i]))).isEmpty(),
                                          qPrintable(QStringLiteral("suspect %1, photo %2: %3")
                                                         .arg(row + 1)
                                                         .arg(i + 1)
                                                         .arg(problem)),
                                          2000);
            }
            shot(QStringLiteral("journey-suspect-%1").arg(row + 1));
        }
        // A accepts the 10th: fixed, confirmed, the next open one selected.
        const int fixedBefore = suspects()->model()->counts().fixed;
        QTest::keyClick(suspects()->table(), Qt::Key_A);
        QCOMPARE(suspects()->model()->counts().fixed, fixedBefore + 1);
        QVERIFY2(m_window->statusText().endsWith("Ctrl+Z undoes"),
                 qPrintable(m_window->statusText()));
    }

    void trainStopResume()
    {
        clickTab(*m_window, "Training");
        TrainConfig config = training()->editor()->config();
        config.train.epochs = 2;
        config.train.runName = QStringLiteral("journey");
        training()->editor()->setConfig(config);
        QSignalSpy ended(training(), &TrainingPanel::trainingFinished);
        click(part<QPushButton>(*training(), "startTraining"));
        QVERIFY(training()->isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(training()->progressText().contains(" elapsed, "), 60000);
        click(part<QPushButton>(*training(), "stopTraining"));
        QVERIFY(ended.wait(60000));
        QVERIFY2(training()->progressText().contains("stopped after "),
                 qPrintable(training()->progressText()));
        shot("journey-stopped");
        QVERIFY(!training()->progressText().contains(" left"));

        clickRow(part<QTableView>(*training(), "runTable"), 0);
        QPushButton *resume = part<QPushButton>(*training(), "resumeTraining");
        QTRY_VERIFY(resume->isEnabled());
        click(resume);
        QVERIFY(ended.wait(120000));
        QCOMPARE(ended.last().at(0).toBool(), true);
        QVERIFY2(training()->progressText().contains("finished in "),
                 qPrintable(training()->progressText()));
    }

    void predictExportCompare()
    {
        clickTab(*m_window, "Eval");
        EvalPanel *eval = part<EvalPanel>(*m_window);
        QListWidget *runs = eval->predictBox()->runList();
        QTRY_VERIFY(runs->count() > 0);
        QList<QListWidgetItem *> journey = runs->findItems("journey", Qt::MatchStartsWith);
        QVERIFY(!journey.isEmpty());
        runs->setFocus();
        runs->setCurrentItem(journey.front());
        QTest::keyClick(runs, Qt::Key_Space); // checks it
        QCOMPARE(journey.front()->checkState(), Qt::Checked);
        QSignalSpy predicted(eval->predictBox(), &PredictBox::predicted);
        click(eval->predictBox()->predictButton());
        QVERIFY(predicted.wait(60000));
        shot("journey-predicted");
        const QString submission = m_tmp.filePath("submission.csv");
        QString error;
        QVERIFY2(eval->exportSubmission(submission, &error), qPrintable(error));
        QVERIFY2(m_window->statusText().startsWith("Exported the submission " + submission),
                 qPrintable(m_window->statusText()));
        QVERIFY2(eval->compareWith(submission, &error), qPrintable(error));
        QVERIFY(eval->comparisonText()->isVisible());
    }

    void theDatasetIsUntouched()
    {
        QCOMPARE(treeFingerprint(m_root), m_fingerprint);
        qInfo("the journey took %.0f s", m_clock.elapsed() / 1000.0);
    }
};

QTEST_MAIN(TestJourney)
#include "tst_journey.moc"
