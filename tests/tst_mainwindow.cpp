// The main window on real widgets: background scan, summary, report table, filters, drop, and
// the dataset export with Cancel in the status bar.

#include "exportcontroller.h"
#include "issuetablemodel.h"
#include "labelsession.h"
#include "mainwindow.h"
#include "recentfolders.h"
#include "reportpanel.h"
#include "scanjob.h"
#include "summarypanel.h"
#include "testsupport.h"
#include "userguide.h"
#include "windowsupport.h"

#include "datasetscanner.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
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
        ReportPanel *report = part<ReportPanel>(window);
        QAbstractItemModelTester tester(report->table()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(report->visibleRowCount(), int(result->issues.size()));
        QVERIFY(part<SummaryPanel>(window)->text().contains("12 ("));
        QVERIFY(part<SummaryPanel>(window)->text().contains("1 errors, 1 warnings"));
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

    // A 1366-pixel laptop screen holds the whole window, every tab.
    void fitsALaptopScreen()
    {
        MainWindow window;
        window.setInteractive(false);
        window.show();
        QSignalSpy finished(&window, &MainWindow::scanFinished);
        window.openDataset(m_dataset);
        QVERIFY(finished.wait(20000));
        auto *tabs = window.findChild<QTabWidget *>("tabs");
        QStringList tooWide;
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->widget(i)->minimumSizeHint().width() > 1340)
                tooWide << QStringLiteral("%1 needs %2 pixels")
                               .arg(tabs->tabText(i))
                               .arg(tabs->widget(i)->minimumSizeHint().width());
        QVERIFY2(tooWide.isEmpty(), qPrintable(tooWide.join(", ")));
        QVERIFY2(window.minimumSizeHint().width() <= 1366,
                 qPrintable(QString::number(window.minimumSizeHint().width())));
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

    // File > Export > Corrected dataset runs in the background with Cancel in the status bar.
    void exportsTheCorrectedDatasetInTheBackground()
    {
        const QString root = m_tmp.filePath("export-ds");
        QVERIFY(copyTree(m_dataset, root)); // its own workspace beside it
        MainWindow window;
        window.setInteractive(false);
        window.show();
        QSignalSpy scanned(&window, &MainWindow::scanFinished);
        window.openDataset(root);
        QVERIFY(scanned.wait(20000));
        LabelSession *session = window.session();
        QVERIFY(session);
        const int person = 2;
        const LabeledDataset &labels = session->labels();
        const Gender other = labels.gender(person) == Gender::Male ? Gender::Female : Gender::Male;
        session->edit({person, -1, EditField::Gender, genderName(other)}); // the gender was wrong
        QCOMPARE(labels.gender(person), other);
        const QString corrected = formatFolderName(labels.person(person).id, labels.gender(person),
                                                   labels.race(person), labels.age(person));
        ExportController *exporter = part<ExportController>(window);
        QSignalSpy finished(exporter, &ExportController::datasetExportFinished);

        const QString out = m_tmp.filePath("export-out");
        exporter->startDatasetExport(out);
        QVERIFY(part<QToolButton>(window, QStringLiteral("cancel"))->isVisible());
        QVERIFY(part<QToolButton>(window, QStringLiteral("cancel"))->toolTip().contains("export"));
        QVERIFY(finished.wait(20000));
        QVERIFY2(finished.front().front().toBool(), qPrintable(window.statusText()));
        QVERIFY(!part<QToolButton>(window, QStringLiteral("cancel"))->isVisible());
        QVERIFY2(window.statusText().contains("Exported 12 persons"),
                 qPrintable(window.statusText()));
        QVERIFY(QFileInfo::exists(out + "/train/images/" + corrected + "/mask1.jpg"));
        QVERIFY(QString::fromUtf8(readFile(out + "/train/train.csv")).contains(corrected));

        // Cancel from the status bar: whether the click lands before the last person or not,
        // there is never half a dataset.
        const QString cancelled = m_tmp.filePath("export-cancelled");
        exporter->startDatasetExport(cancelled);
        QTest::mouseClick(part<QToolButton>(window, QStringLiteral("cancel")), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        if (finished.back().front().toBool()) {
            QCOMPARE(readFile(cancelled + "/train/train.csv"), readFile(out + "/train/train.csv"));
        } else {
            QVERIFY2(window.statusText().contains("cancelled"), qPrintable(window.statusText()));
            QVERIFY(!QFileInfo::exists(cancelled));
        }
        QVERIFY(!part<QToolButton>(window, QStringLiteral("cancel"))->isVisible());
    }

    // Help > About names each library with the version it runs with and its licence.
    // Help > Getting started: the README's user part, built in.
    void gettingStartedShowsTheUserGuide()
    {
        MainWindow window;
        window.show();
        QAction *action = window.findChild<QAction *>(QStringLiteral("gettingStarted"));
        QVERIFY(action);
        action->trigger();
        auto *guide = window.findChild<UserGuideDialog *>();
        QVERIFY(guide && guide->isVisible());
        const QString text = guide->text();
        for (const char *section :
             {"Opening your own dataset", "Browsing and relabeling", "Training",
              "Finding label errors", "Predicting and submitting"})
            QVERIFY2(text.contains(section), section);
        QVERIFY(!text.contains("Building by hand")); // the developers' part stays out
        QVERIFY(!text.contains("## "));              // rendered, not shown as Markdown source
        if (qEnvironmentVariableIsSet("MASKLAB_SHOTS"))
            guide->grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/guide.png");
    }

    void aboutListsTheLibraries()
    {
        const QString about = MainWindow::aboutText();
        for (const QString &expected :
             {QStringLiteral("MaskLab ") + MASKLAB_VERSION, QStringLiteral("GPL-3.0-or-later"),
              QStringLiteral("<td>Qt</td><td>") + qVersion(),
              QStringLiteral("<td>LibTorch</td><td>1."), QStringLiteral("<td>OpenCV</td><td>4."),
              QStringLiteral("<td>yaml-cpp</td><td>0."),
              QStringLiteral("<td>QCustomPlot</td><td>2.")})
            QVERIFY2(about.contains(expected), qPrintable(expected + " in " + about));
        bool inMenu = false;
        MainWindow window;
        for (QAction *action : window.findChildren<QAction *>())
            inMenu = inMenu || action->text().remove(u'&') == QLatin1String("About MaskLab");
        QVERIFY(inMenu);
        if (!qEnvironmentVariableIsEmpty("MASKLAB_SHOTS")) { // to look at it
            QMessageBox box(QMessageBox::Information, "About MaskLab", about);
            box.show();
            QTest::qWait(50);
            box.grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/about.png");
        }
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
