// The main window on real widgets: background scan, summary, report table, filters, drop.

#include "issuetablemodel.h"
#include "mainwindow.h"
#include "recentfolders.h"
#include "reportpanel.h"
#include "scanjob.h"
#include "summarypanel.h"
#include "testsupport.h"

#include "datasetscanner.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_dataset;

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("MaskLabTest");
        QCoreApplication::setApplicationName("tst_mainwindow");
        m_dataset = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_dataset, 12, 1, 0, true));
        // One error and one warning on top of the quirks' infos.
        const QString csv = QString::fromUtf8(readFile(m_dataset + "/train/train.csv"));
        const QString folder = csv.split(u'\n')[2].split(u',').last();
        QVERIFY(QFile::remove(m_dataset + "/train/images/" + folder + "/mask3.jpg"));
        QVERIFY(writeFile(m_dataset + "/train/images/" + folder + "/notes.txt", "x"));
    }

    void scansInTheBackgroundAndShowsTheReport()
    {
        MainWindow window;
        window.show();
        QSignalSpy finished(&window, &MainWindow::scanFinished);
        window.openDataset(m_dataset);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.front().front().toBool(), true);
        QVERIFY(!window.isScanning());

        const ScanResult *result = window.scanResult();
        QVERIFY(result);
        const IssueCounts counts = countIssues(result->issues);
        QCOMPARE(counts.errors, 1);
        QCOMPARE(counts.warnings, 1);
        QVERIFY(counts.infos >= 1);
        ReportPanel *report = window.reportPanel();
        QAbstractItemModelTester tester(report->table()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(report->visibleRowCount(), int(result->issues.size()));
        QVERIFY(window.summaryPanel()->text().contains("12 ("));
        QVERIFY(window.summaryPanel()->text().contains("1 errors, 1 warnings"));
        QVERIFY(window.statusText().contains("12 persons, 83 photos"));

        // Filters: severity, kind, text; the table follows.
        report->severityCombo()->setCurrentIndex(2); // errors only
        QCOMPARE(report->visibleRowCount(), 1);
        const QModelIndex kind = report->table()->model()->index(0, IssueTableModel::KindColumn);
        QCOMPARE(kind.data().toString(), QStringLiteral("missing-photo"));
        report->severityCombo()->setCurrentIndex(1); // warnings and errors
        QCOMPARE(report->visibleRowCount(), 2);
        report->severityCombo()->setCurrentIndex(0);
        QTest::keyClicks(report->filterEdit(), "notes.txt");
        QCOMPARE(report->visibleRowCount(), 1);
        report->filterEdit()->clear();
        const int junkIndex = report->kindCombo()->findText("junk-entry");
        QVERIFY(junkIndex > 0);
        report->kindCombo()->setCurrentIndex(junkIndex);
        QCOMPARE(report->visibleRowCount(), 1);
        report->kindCombo()->setCurrentIndex(0);
        QCOMPARE(report->visibleRowCount(), int(result->issues.size()));

        // Sorting by severity puts the error first.
        report->table()->sortByColumn(IssueTableModel::SeverityColumn, Qt::DescendingOrder);
        QCOMPARE(report->table()->model()->index(0, 0).data().toString(), QStringLiteral("error"));

        QCOMPARE(RecentFolders::load().front(), QDir(m_dataset).absolutePath());
    }

    void aFolderWithoutADatasetIsReported()
    {
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::scanFinished);
        const QString empty = m_tmp.filePath("empty");
        QDir().mkpath(empty);
        window.openDataset(empty);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.front().front().toBool(), false);
        QVERIFY(window.statusText().contains("no competition dataset"));
        QVERIFY(window.statusText().contains(empty));
        QVERIFY(!window.scanResult());
    }

    void droppingAFolderOpensIt()
    {
        MainWindow window;
        window.show();
        QSignalSpy finished(&window, &MainWindow::scanFinished);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(m_dataset + "/train")});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.front().front().toBool(), true);
        QCOMPARE(window.scanResult()->dataset.root, QDir(m_dataset).absolutePath());
    }

    void aSecondOpenReplacesARunningScan()
    {
        MainWindow window;
        QSignalSpy finished(&window, &MainWindow::scanFinished);
        window.openDataset(m_tmp.filePath("empty"));
        window.openDataset(m_dataset); // supersedes the first before it reports
        QVERIFY(finished.wait(20000));
        QTest::qWait(200);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.front().front().toBool(), true);
    }

    void cancelStopsTheScan()
    {
        ScanJob job;
        QSignalSpy finished(&job, &ScanJob::finished);
        QSignalSpy progress(&job, &ScanJob::progressChanged);
        job.start(m_dataset);
        job.cancel();
        QVERIFY(finished.wait(10000));
        const auto result = finished.front().front().value<std::shared_ptr<const ScanResult>>();
        QVERIFY(result->cancelled);
        QVERIFY(!job.isRunning());

        job.start(m_dataset); // a fresh start after a cancel runs to the end
        QVERIFY(finished.wait(10000));
        const auto full = finished.back().front().value<std::shared_ptr<const ScanResult>>();
        QVERIFY(!full->cancelled);
        QCOMPARE(int(full->dataset.persons.size()), 12);
        QVERIFY(progress.count() > 0);
    }

    void modelTesterOnIssueModel()
    {
        IssueTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const ScanResult result = scanDataset(m_dataset);
        model.setIssues(result.issues);
        QCOMPARE(model.rowCount(), int(result.issues.size()));
        model.setIssues({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
