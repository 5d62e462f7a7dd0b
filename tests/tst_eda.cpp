// The EDA tab on real widgets: charts follow relabels, thresholds move people between groups
// and are saved, clicks filter the browser, exports write files, image statistics complete.

#include "barchart.h"
#include "browserpanel.h"
#include "edapanel.h"
#include "filterbar.h"
#include "imagestatspanel.h"
#include "labelsession.h"
#include "mainwindow.h"
#include "personfilterproxy.h"
#include "persongridview.h"
#include "persontablemodel.h"
#include "testsupport.h"
#include "windowsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestEda : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    int m_case = 0;

    std::unique_ptr<MainWindow> open()
    {
        const QString root = m_tmp.filePath(QStringLiteral("ds%1").arg(++m_case));
        if (!makeSynthDataset(root, 30, 2, 0, false, 48, 64))
            qFatal("synth failed");
        auto window = std::make_unique<MainWindow>();
        window->resize(1300, 900);
        if (!openAndWait(*window, root))
            qFatal("scan did not finish");
        window->showTab("eda");
        return window;
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("MaskLabTest");
        QCoreApplication::setApplicationName("tst_eda");
    }

    void chartsFollowRelabels()
    {
        auto window = open();
        EdaPanel *eda = part<EdaPanel>(*window);
        const LabelStatistics before = eda->statistics();
        QCOMPARE(before.persons, 30);
        QCOMPARE(before.images, 210);
        QCOMPARE(eda->classChart()->valueAt(0), double(before.classImages[0]));

        // Relabel person 0's gender in the browser: the charts follow.
        LabelSession *session = window->session();
        const Gender g = session->labels().gender(0);
        const Gender other = g == Gender::Male ? Gender::Female : Gender::Male;
        session->edit({0, -1, EditField::Gender, genderName(other)});
        QTRY_COMPARE(eda->statistics().genderPersons[size_t(other)],
                     before.genderPersons[size_t(other)] + 1);
        QVERIFY(eda->lastRefreshMs() < 100);
        // Original vs corrected side by side.
        eda->compareCheck()->setChecked(true);
        QTRY_VERIFY(eda->classChart()->legend->visible());
        QVERIFY(eda->imbalanceLabel()->text().contains("imbalance"));
        session->undoStack()->undo();
        QTRY_VERIFY(eda->statistics().genderPersons == before.genderPersons);
    }

    // Legends sit in a row of their own, over no bar; few bars carry their counts.
    void legendsCoverNoBarAndCountsAreWritten()
    {
        auto window = open();
        window->resize(1300, 900);
        QVERIFY(window->showTab("eda"));
        EdaPanel *eda = part<EdaPanel>(*window);
        QCOMPARE(eda->classChart()->valueLabelCount(), 18);
        eda->compareCheck()->setChecked(true);
        QTRY_VERIFY(eda->classChart()->legend->visible());
        for (BarChart *chart : eda->charts()) {
            chart->replot(QCustomPlot::rpImmediateRefresh);
            QVERIFY(chart->legend->visible());
            const QRect legend = chart->legend->outerRect();
            QVERIFY(!legend.isEmpty());
            for (int i = 0; i < chart->keys().size(); ++i)
                for (bool original : {false, true})
                    QVERIFY2(!legend.intersects(chart->barRect(i, original).toAlignedRect()),
                             qPrintable(QStringLiteral("%1: bar %2 under the legend")
                                            .arg(chart->title())
                                            .arg(i)));
        }
        QCOMPARE(eda->classChart()->valueLabelCount(), 18); // the current bars' counts
        BarChart *genders = eda->charts()[2];
        QCOMPARE(genders->keys().size(), 2);
        QCOMPARE(genders->valueLabelCount(), 4); // original and current, each
        eda->compareCheck()->setChecked(false);
        QTRY_VERIFY(!eda->classChart()->legend->visible());
        QCOMPARE(genders->valueLabelCount(), 2);
        QVERIFY(eda->charts().back()->keys().size() > 24); // ages: too many to write
        QCOMPARE(eda->charts().back()->valueLabelCount(), 0);
    }

    void thresholdWhatIfAndApply()
    {
        auto window = open();
        EdaPanel *eda = part<EdaPanel>(*window);
        LabelSession *session = window->session();
        const LabelStatistics before = eda->statistics();
        int aged50to59 = 0;
        for (int i = 0; i < session->labels().personCount(); ++i)
            aged50to59 += session->labels().age(i) >= 50 && session->labels().age(i) < 60 ? 1 : 0;
        QVERIFY(aged50to59 > 0);

        eda->oldFromBox()->setValue(50); // what-if: re-binned live, not yet in use
        QTRY_COMPARE(eda->statistics().agePersons[2], before.agePersons[2] + aged50to59);
        QCOMPARE(session->thresholds().oldFrom, 60);
        QVERIFY(eda->applyThresholdsButton()->isEnabled());
        QCOMPARE(eda->ageChart()->keys().isEmpty(), false);

        QTest::mouseClick(eda->applyThresholdsButton(), Qt::LeftButton);
        QCOMPARE(session->thresholds().oldFrom, 50);
        QVERIFY(readFile(session->workspace().settingsPath()).contains("old_from: 50"));
        // The browser's classes follow the setting.
        BrowserPanel *browser = part<BrowserPanel>(*window);
        for (int row = 0; row < browser->proxy()->rowCount(); ++row) {
            const QModelIndex cell = browser->proxy()->index(row, 1);
            const int person = cell.data(PersonTableModel::PersonIndexRole).toInt();
            const int age = session->labels().age(person);
            const auto label = classLabel(cell.data(PersonTableModel::ClassRole).toInt());
            QCOMPARE(label->age, age >= 50   ? AgeGroup::Old
                                 : age >= 30 ? AgeGroup::Middle
                                             : AgeGroup::Young);
        }
        // Reopening keeps the workspace's thresholds.
        const QString root = session->labels().dataset().root;
        MainWindow again;
        QVERIFY(openAndWait(again, root));
        QCOMPARE(again.session()->thresholds().oldFrom, 50);
        QCOMPARE(part<EdaPanel>(again)->oldFromBox()->value(), 50);
    }

    void clicksFilterTheBrowser()
    {
        auto window = open();
        EdaPanel *eda = part<EdaPanel>(*window);
        BrowserPanel *browser = part<BrowserPanel>(*window);
        // The gender x age cell: female, old.
        QTableWidget *table = eda->genderAgeTable();
        const int expected = table->item(1, 2)->text().toInt();
        QVERIFY(expected > 0);
        emit table->cellClicked(1, 2);
        QCOMPARE(part<QTabWidget>(*window, QStringLiteral("tabs"))
                     ->tabText(part<QTabWidget>(*window, QStringLiteral("tabs"))->currentIndex())
                     .remove('&'),
                 QStringLiteral("Browser"));
        QCOMPARE(browser->proxy()->rowCount(), expected);
        QCOMPARE(browser->filterBar()->genderCombo()->currentData().toInt(), int(Gender::Female));

        // A class bar: clicking on the plot where bar 4 is drawn.
        window->showTab("eda");
        BarChart *chart = eda->classChart();
        chart->replot();
        const QPoint bar(int(chart->xAxis->coordToPixel(4)),
                         int(chart->yAxis->coordToPixel(chart->valueAt(4) / 2)));
        QSignalSpy clicked(chart, &BarChart::categoryClicked);
        QTest::mouseClick(chart, Qt::LeftButton, Qt::NoModifier, bar);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.front().front().toInt(), 4);
        QCOMPARE(browser->filterBar()->classCombo()->currentData().toInt(), 4);
        int persons = 0;
        const LabeledDataset &labels = window->session()->labels();
        for (int i = 0; i < labels.personCount(); ++i)
            persons += classIndex(labels.label(i, 0, window->session()->thresholds())) == 4 ? 1 : 0;
        QCOMPARE(browser->proxy()->rowCount(), persons);
    }

    void exports()
    {
        auto window = open();
        const QString dir = m_tmp.filePath("exports");
        QDir().mkpath(dir);
        for (BarChart *chart : part<EdaPanel>(*window)->charts()) {
            const QString base = dir + u'/' + chart->title().left(8).replace(' ', '_');
            QCOMPARE(chart->exportPng(base + ".png"), QString());
            QCOMPARE(chart->exportPdf(base + ".pdf"), QString());
            QCOMPARE(chart->exportCsv(base + ".csv"), QString());
            QVERIFY(QImage(base + ".png").width() > 200);
            QVERIFY(readFile(base + ".pdf").startsWith("%PDF"));
            QVERIFY(readFile(base + ".csv").contains(','));
        }
        QCOMPARE(readFile(dir + "/Images_p.csv"),
                 classCountsCsv(part<EdaPanel>(*window)->statistics()).toUtf8());
    }

    void imageStatisticsInTheBackground()
    {
        auto window = open();
        ImageStatsPanel *panel = part<EdaPanel>(*window)->imageStats();
        QVERIFY(!panel->train());
        QSignalSpy finished(panel, &ImageStatsPanel::finished);
        QTest::mouseClick(panel->startButton(), Qt::LeftButton);
        QVERIFY(panel->isRunning());
        QVERIFY(finished.wait(30000));
        QVERIFY(panel->train());
        QCOMPARE(panel->train()->images, qint64(210));
        QCOMPARE(panel->eval()->images, qint64(14));
        QCOMPARE(panel->train()->sizes.at({48, 64}), qint64(210));
        for (double mean : panel->train()->mean)
            QVERIFY(mean > 0.05 && mean < 0.95);
        QVERIFY(panel->summaryText().contains("mean RGB"));
        // Cached in the workspace: a new window shows them without computing.
        const QString root = window->session()->labels().dataset().root;
        window.reset();
        MainWindow again;
        QVERIFY(openAndWait(again, root));
        QVERIFY(part<EdaPanel>(again)->imageStats()->train());
        QCOMPARE(part<EdaPanel>(again)->imageStats()->train()->images, qint64(210));
    }
};

QTEST_MAIN(TestEda)
#include "tst_eda.moc"
