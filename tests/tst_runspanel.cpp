// The Runs tab on real widgets, with run folders written by hand: the columns of the keys that
// differ, sorting by a header click, the text filter, brushing the parallel-coordinates chart
// with the mouse, the scatter of one key against F1, two runs side by side, one sweep's runs
// with its states, and a double-click asking for the run.

#include "keyscatter.h"
#include "mainwindow.h"
#include "parallelcoordinates.h"
#include "rundiffdialog.h"
#include "runspanel.h"
#include "runtablemodel.h"
#include "sweeprunner.h"
#include "testsupport.h"
#include "windowsupport.h"

#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestRunsPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_ws;

    void makeRun(const QString &name, double lr, int width, double f1)
    {
        TrainConfig config;
        config.optimizer.lr = lr;
        config.model.width = width;
        config.train.epochs = 2;
        std::vector<EpochMetrics> epochs(2);
        for (int e = 1; e <= 2; ++e) {
            epochs[size_t(e - 1)].epoch = e;
            epochs[size_t(e - 1)].macroF1 = f1 * e / 2;
        }
        QVERIFY(writeRunFolder(m_ws + "/runs/" + name, config, epochs));
    }

    static QString shownRun(const RunsPanel &panel, int row)
    {
        return panel.table()->model()->index(row, 0).data().toString();
    }

    // Drags along axis `axis` of the chart from one position (0 bottom, 1 top) to another.
    static void drag(ParallelCoordinates *chart, int axis, double from, double to)
    {
        const int x = int(chart->axisX(axis));
        QTest::mousePress(chart, Qt::LeftButton, {}, QPoint(x, int(chart->axisY(from))));
        QTest::mouseMove(chart, QPoint(x, int(chart->axisY((from + to) / 2))));
        QTest::mouseRelease(chart, Qt::LeftButton, {}, QPoint(x, int(chart->axisY(to))));
    }

private slots:
    void initTestCase()
    {
        m_ws = m_tmp.filePath("ws");
        makeRun("a", 0.001, 16, 0.6);
        makeRun("b", 0.003, 16, 0.7);
        makeRun("c", 0.003, 32, 0.5);
        SweepPointState b, c;
        b.index = 1;
        b.run = "b";
        b.state = SweepPointState::State::Finished;
        c.index = 2;
        c.run = "c";
        c.state = SweepPointState::State::StoppedBySweep;
        QVERIFY(QDir().mkpath(m_ws + "/sweeps/s"));
        QVERIFY(writeFile(m_ws + "/sweeps/s/state.json", sweepStateJson("s", {b, c})));
    }

    void theTableShowsTheKeysThatDifferBestFirst()
    {
        RunsPanel panel;
        panel.resize(1000, 700);
        panel.setWorkspace(m_ws);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QStringList columns = panel.model()->table().columns();
        QCOMPARE(columns.mid(columns.size() - 2), QStringList({"model.width", "optimizer.lr"}));
        QCOMPARE(shownRun(panel, 0), "b"); // best F1 first
        QCOMPARE(shownRun(panel, 2), "c");
        QVERIFY2(panel.noteText().contains("3 of 3 runs shown. Keys that differ: model.width, "
                                           "optimizer.lr"),
                 qPrintable(panel.noteText()));
        // A click on the run column's header sorts by name.
        QHeaderView *header = panel.table()->horizontalHeader();
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                          QPoint(header->sectionViewportPosition(0) + 5, header->height() / 2));
        QCOMPARE(shownRun(panel, 0), "a");
        QCOMPARE(shownRun(panel, 1), "b");
        // The filter keeps the rows with the text in any cell.
        QTest::keyClicks(panel.filter(), "0.001");
        QCOMPARE(panel.shownRows(), 1);
        QCOMPARE(shownRun(panel, 0), "a");
        panel.filter()->clear();
        QCOMPARE(panel.shownRows(), 3);
    }

    void brushingTheChartFiltersTheTable()
    {
        RunsPanel panel;
        panel.resize(1000, 700);
        panel.setWorkspace(m_ws);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        ParallelCoordinates *chart = panel.chart();
        QCOMPARE(chart->axisCount(), 3); // width, lr, best F1
        QCOMPARE(chart->axisName(2), "best F1");
        QSignalSpy brushed(chart, &ParallelCoordinates::brushChanged);
        drag(chart, 1, 0.8, 1.0); // the higher learning rate: b and c
        QCOMPARE(brushed.size(), 1);
        QCOMPARE(panel.shownRows(), 2);
        drag(chart, 2, 0.6, 1.0); // and the better F1 of those: b
        QCOMPARE(panel.shownRows(), 1);
        QCOMPARE(shownRun(panel, 0), "b");
        QVERIFY(panel.noteText().startsWith("1 of 3 runs shown"));
        // A click on an axis clears its brush.
        const QPoint onAxis(int(chart->axisX(2)), int(chart->axisY(0.5)));
        QTest::mouseClick(chart, Qt::LeftButton, {}, onAxis);
        QCOMPARE(panel.shownRows(), 2);
        if (qEnvironmentVariableIsSet("MASKLAB_SHOTS"))
            panel.grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/runs.png");
    }

    void aSweepShowsItsRunsWithItsStates()
    {
        RunsPanel panel;
        panel.setWorkspace(m_ws);
        panel.show();
        QComboBox *sweeps = panel.sweepChooser();
        QCOMPARE(sweeps->count(), 2);
        QCOMPARE(sweeps->itemText(1), "sweep s");
        sweeps->setCurrentIndex(1);
        emit sweeps->activated(1);
        QCOMPARE(panel.shownRows(), 2);
        const RunTableModel *model = panel.model();
        QCOMPARE(model->table().varyingKeys, QStringList({"model.width"})); // lr equal here
        const int status = model->columnOf("status");
        QStringList states;
        for (int row = 0; row < model->rowCount(); ++row)
            states << model->index(row, status).data().toString();
        QVERIFY2(states.contains("stopped by the sweep") && states.contains("finished"),
                 qPrintable(states.join(", ")));
    }

    void theScatterPutsEachRunAtItsValueAndF1()
    {
        RunsPanel panel;
        panel.resize(1000, 700);
        panel.setWorkspace(m_ws);
        panel.show();
        part<QTabWidget>(panel)->setCurrentWidget(panel.scatter());
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        KeyScatter *scatter = panel.scatter();
        QCOMPARE(scatter->keyChooser()->count(), 2); // model.width, optimizer.lr
        scatter->keyChooser()->setCurrentText("optimizer.lr");
        const RunTable &table = panel.model()->table();
        int b = 0;
        while (table.rows[size_t(b)].summary.name != "b")
            ++b;
        QCOMPARE(*scatter->pointOf(b), QPointF(0.003, 0.7));
        QVERIFY(!scatter->xIsLog()); // 0.001 to 0.003: not wide enough for a log axis
        // A click on b's dot selects b in the table.
        QCustomPlot *plot = scatter->plot();
        const QPoint dot(int(plot->xAxis->coordToPixel(0.003)),
                         int(plot->yAxis->coordToPixel(0.7)));
        QTest::mouseClick(plot, Qt::LeftButton, {}, dot);
        const QModelIndexList selected = panel.table()->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.front().data().toString(), "b");
        scatter->keyChooser()->setCurrentText("model.width");
        QCOMPARE(scatter->pointOf(b)->x(), 16.0);
    }

    void twoSelectedRunsAreSetSideBySide()
    {
        RunsPanel panel;
        panel.setWorkspace(m_ws);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(!panel.diffButton()->isEnabled());
        QTableView *view = panel.table();
        view->selectRow(0);                                        // b, the best
        view->selectionModel()->select(view->model()->index(2, 0), // c
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(panel.diffButton()->isEnabled());
        QTest::mouseClick(panel.diffButton(), Qt::LeftButton);
        auto *dialog = panel.findChild<RunDiffDialog *>();
        QVERIFY(dialog);
        QTableWidget *rows = dialog->table();
        QStringList keys;
        for (int r = 0; r < rows->rowCount(); ++r)
            keys << rows->item(r, 0)->text();
        QVERIFY2(keys.endsWith("model.width") && !keys.contains("optimizer.lr"),
                 qPrintable(keys.join(", ")));
        QCOMPARE(rows->item(rows->rowCount() - 1, 1)->text(), "16");
        QCOMPARE(rows->item(rows->rowCount() - 1, 2)->text(), "32");
        QSignalSpy curves(&panel, &RunsPanel::curvesRequested);
        for (QPushButton *button : dialog->findChildren<QPushButton *>())
            if (button->text() == "Curves side by side")
                QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(curves.size(), 1);
        QCOMPARE(curves.front()[0].toString(), m_ws + "/runs/b");
        QCOMPARE(curves.front()[1].toString(), m_ws + "/runs/c");
        panel.refresh(); // the table is read again: nothing selected, nothing to diff
        QVERIFY(!panel.diffButton()->isEnabled());
    }

    void doubleClickAsksForTheRun()
    {
        RunsPanel panel;
        panel.setWorkspace(m_ws);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy requested(&panel, &RunsPanel::runRequested);
        const QRect cell = panel.table()->visualRect(panel.table()->model()->index(0, 0));
        QTest::mouseClick(panel.table()->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(panel.table()->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.front().front().toString(), m_ws + "/runs/b");
        MainWindow window; // the tab is there, by name
        QVERIFY(window.showTab("runs"));
    }
};

QTEST_MAIN(TestRunsPanel)
#include "tst_runspanel.moc"
