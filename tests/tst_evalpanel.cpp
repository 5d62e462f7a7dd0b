// The Eval tab end to end on a real MainWindow: two trained runs are listed, predicting with
// both (flip TTA) puts a class chip on every thumbnail, the confidence filter and the order
// work, the export writes what masklab-cli predict writes, a comparison shows the changes, and
// reopening the dataset shows the stored predictions without running a model.

#include "barchart.h"
#include "evalfilterbar.h"
#include "evalfilterproxy.h"
#include "evalimagemodel.h"
#include "evalpanel.h"
#include "mainwindow.h"
#include "mistakesview.h"
#include "photoviewer.h"
#include "predictbox.h"
#include "testsupport.h"
#include "trainer.h"
#include "trainingpanel.h"
#include "windowsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestEvalPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;

    bool openIn(MainWindow &window)
    {
        QSignalSpy ready(&window, &MainWindow::browserReady);
        window.openDataset(m_root);
        return ready.wait(20000);
    }

    // Waits for the box's job (predicting or reading the stored predictions) to report.
    static bool waitForPrediction(EvalPanel *panel)
    {
        QSignalSpy predicted(panel->predictBox(), &PredictBox::predicted);
        return !predicted.isEmpty() || predicted.wait(60000);
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("MaskLabTest");
        QCoreApplication::setApplicationName("tst_evalpanel");
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 24, 3, 0, false, 96, 128));
        TrainConfig config = tinyTrainConfig(m_root, 2);
        const QString runs = m_root + ".masklab/runs/";
        QVERIFY(trainer::train(config, runs + "first", {}).ok);
        config.train.seed = 9;
        QVERIFY(trainer::train(config, runs + "second", {}).ok);
    }

    void predictsFiltersExportsAndCompares()
    {
        MainWindow window;
        window.resize(1500, 950);
        QVERIFY(openIn(window));
        QVERIFY(window.showTab("eval"));
        EvalPanel *panel = part<EvalPanel>(window);
        PredictBox *box = panel->predictBox();
        QCOMPARE(box->runList()->count(), 2);
        QCOMPARE(panel->model()->rowCount(), 21);
        QVERIFY(!panel->model()->index(0).data(EvalImageModel::AnswerRole).isValid());

        // Nothing checked: a message, no job.
        QTest::mouseClick(box->predictButton(), Qt::LeftButton);
        QVERIFY(box->statusLabel()->text().contains("Check at least one run"));
        for (int i = 0; i < 2; ++i)
            box->runList()->item(i)->setCheckState(Qt::Checked);
        box->ttaCheck()->setChecked(true);
        QSignalSpy predicted(box, &PredictBox::predicted);
        QTest::mouseClick(box->predictButton(), Qt::LeftButton);
        QVERIFY(predicted.wait(60000));
        QVERIFY2(box->statusLabel()->text().contains("21 images predicted with first (best) + "
                                                     "second (best), flip TTA"),
                 qPrintable(box->statusLabel()->text()));
        // Every thumbnail has its chip: a class and a probability.
        for (int row = 0; row < 21; ++row) {
            const QModelIndex index = panel->model()->index(row);
            QVERIFY(index.data(EvalImageModel::AnswerRole).toInt() >= 0);
            QVERIFY(index.data(Qt::DisplayRole).toString().endsWith("%"));
        }
        double chartTotal = 0;
        for (int c = 0; c < 18; ++c)
            chartTotal += panel->distributionChart()->valueAt(c);
        QVERIFY(qAbs(chartTotal - 100.0) < 1e-6);

        // Least sure first, then only the images at least as sure as the median.
        panel->filterBar()->orderCombo()->setCurrentIndex(1);
        std::vector<double> confidences;
        for (int row = 0; row < panel->proxy()->rowCount(); ++row)
            confidences.push_back(
                panel->proxy()->index(row, 0).data(EvalImageModel::ConfidenceRole).toDouble());
        QVERIFY(std::is_sorted(confidences.begin(), confidences.end()));
        const double median = confidences[10];
        panel->filterBar()->minConfidenceSpin()->setValue(median);
        const int shown = panel->proxy()->rowCount();
        QVERIFY(shown >= 1 && shown <= 21);
        for (int row = 0; row < shown; ++row)
            QVERIFY(panel->proxy()->index(row, 0).data(EvalImageModel::ConfidenceRole).toDouble() >=
                    panel->filterBar()->minConfidenceSpin()->value());
        QVERIFY(
            panel->filterBar()->countLabel()->text().startsWith(QString::number(shown) + " of 21"));
        panel->filterBar()->minConfidenceSpin()->setValue(0);
        QCOMPARE(panel->proxy()->rowCount(), 21);

        // The selected image's probabilities.
        panel->view()->setCurrentIndex(panel->proxy()->index(0, 0));
        QVERIFY2(panel->detailsLabel()->text().contains("Most likely"),
                 qPrintable(panel->detailsLabel()->text()));
        QVERIFY(panel->detailsLabel()->text().contains("Members</b> ("));
        QVERIFY(panel->detailsLabel()->text().contains("&lt;30")); // age names are escaped

        // The export is the CLI's file, byte for byte.
        QString error;
        const QString exported = m_tmp.filePath("app.csv");
        QSignalSpy said(panel, &EvalPanel::statusMessage); // the window's status bar
        QVERIFY2(panel->exportSubmission(exported, &error), qPrintable(error));
        QCOMPARE(said.count(), 1);
        QVERIFY2(said.first().first().toString().startsWith("Exported the submission " + exported +
                                                            " (21 answers)"),
                 qPrintable(said.first().first().toString()));
        const QString cliOut = m_tmp.filePath("cli.csv");
        QProcess cli;
        cli.start(QStringLiteral(MASKLAB_CLI_PATH),
                  {"predict", "--run", m_root + ".masklab/runs/first", "--run",
                   m_root + ".masklab/runs/second", "--tta", "hflip", "--eval", m_root, "--out",
                   cliOut});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(readFile(exported), readFile(cliOut));
        QCOMPARE(readFile(m_tmp.filePath("app.probabilities.csv")),
                 readFile(m_tmp.filePath("cli.probabilities.csv")));

        // Compare with a file that answers two images otherwise.
        QList<QByteArray> rows = readFile(exported).split('\n');
        for (int line : {1, 5}) {
            const QList<QByteArray> f = rows[line].split(',');
            rows[line] = f[0] + "," + QByteArray::number((f[1].toInt() + 1) % 18);
        }
        const QString other = m_tmp.filePath("other.csv");
        QVERIFY(writeFile(other, rows.join('\n')));
        QVERIFY2(panel->compareWith(other, &error), qPrintable(error));
        QVERIFY2(panel->comparisonText()->toPlainText().startsWith("19 of 21 answers agree"),
                 qPrintable(panel->comparisonText()->toPlainText()));
        panel->filterBar()->changedCheck()->setChecked(true);
        QCOMPARE(panel->proxy()->rowCount(), 2);
        if (!qEnvironmentVariableIsEmpty("MASKLAB_SHOTS")) {
            panel->filterBar()->changedCheck()->setChecked(false);
            window.grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/eval.png");
        }
        // Two files: show one as the answers, compare with the other.
        QVERIFY2(panel->openSubmission(exported, &error), qPrintable(error));
        QVERIFY(panel->filterBar()->countLabel()->text().startsWith("21 of 21"));
        const QList<QByteArray> exportedRows = readFile(exported).split('\n');
        QCOMPARE(panel->model()->index(4).data(EvalImageModel::AnswerRole).toInt(),
                 exportedRows[5].split(',')[1].toInt());
        QCOMPARE(panel->model()->index(4).data(EvalImageModel::ConfidenceRole).toDouble(), 1.0);
        QVERIFY(!panel->filterBar()->changedCheck()->isEnabled()); // a new answer set
        writeFile(other, rows.join('\n'));
        QVERIFY2(panel->compareWith(other, &error), qPrintable(error));
        QVERIFY(panel->comparisonText()->toPlainText().startsWith("19 of 21 answers agree"));
        panel->filterBar()->changedCheck()->setChecked(true);
        QCOMPARE(panel->proxy()->rowCount(), 2);
        panel->filterBar()->changedCheck()->setChecked(false);
        // Each run has its own checkpoint: a double-click switches one, the combo sets all.
        emit box->runList()->itemDoubleClicked(box->runList()->item(1));
        QVERIFY(box->runList()->item(1)->text().endsWith("(last)"));
        QCOMPARE(box->request().members[0].checkpoint, "best");
        QCOMPARE(box->request().members[1].checkpoint, "last");
        box->checkpointCombo()->setCurrentIndex(1);
        emit box->checkpointCombo()->activated(1);
        QCOMPARE(box->request().members[0].checkpoint, "last");
        box->checkpointCombo()->setCurrentIndex(0);
        emit box->checkpointCombo()->activated(0);
        QCOMPARE(box->request().members[1].checkpoint, "best");
        // A file that is not a submission is named with its line.
        QVERIFY(writeFile(other, "ImageID,ans\nx.jpg,19\n"));
        QVERIFY(!panel->compareWith(other, &error));
        QVERIFY2(error.contains("other.csv: line 2:"), qPrintable(error));
    }

    void validationMistakesGallery()
    {
        // The run's wrong validation photos, the most confident first; a double-click asks for
        // the person in the Browser.
        const QString run = m_root + ".masklab/runs/first";
        int wrong = 0;
        for (const QByteArray &line :
             readFile(run + "/validation_predictions.csv").split('\n').mid(1))
            if (!line.isEmpty() && line.split(',')[1] != line.split(',')[2])
                ++wrong;
        QVERIFY(wrong > 1); // two epochs of a tiny model
        MistakesView view;
        view.resize(900, 600);
        QVERIFY(view.loadRun(run));
        MistakesModel *model = view.model();
        QCOMPARE(model->rowCount(), wrong);
        QVERIFY(view.noteLabel()->text().startsWith(QString::number(wrong) + " of "));
        const auto confidence = [&](int row) {
            return model->index(row).data(EvalImageModel::ConfidenceRole).toDouble();
        };
        QVERIFY(confidence(0) >= confidence(wrong - 1));
        const QModelIndex first = model->index(0);
        QVERIFY(first.data(EvalImageModel::ComparedAnswerRole).toInt() !=
                first.data(EvalImageModel::AnswerRole).toInt());
        view.orderCombo()->setCurrentIndex(1);
        QVERIFY(confidence(0) <= confidence(wrong - 1));
        QSignalSpy requested(&view, &MistakesView::personsRequested);
        emit view.view()->doubleClicked(model->index(0)); // as a double-click on it
        QCOMPARE(requested.size(), 1);
        const QString folder = requested.front()[0].value<QSet<QString>>().values().front();
        QCOMPARE(folder, model->mistake(0).folder);
        QVERIFY(model->mistake(0).path.contains("/" + folder + "/"));
        if (!qEnvironmentVariableIsEmpty("MASKLAB_SHOTS")) {
            view.show();
            QTest::qWait(1500); // the thumbnails
            view.grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/mistakes.png");
        }
        // H: each mistake's photo with the run's heat over it, for the head it is most about.
        QTest::keyClick(view.view(), Qt::Key_H);
        QVERIFY(view.heatToggle()->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(!view.isExplaining() && model->hasOverlay(model->mistake(0).path),
                                 30000);
        for (int row = 0; row < wrong; ++row)
            QVERIFY(model->hasOverlay(model->mistake(row).path));
        const QPixmap shown = model->index(0).data(Qt::DecorationRole).value<QPixmap>();
        QCOMPARE(shown.height(), 128); // the thumbnails' height
        QTest::keyClick(view.view(), Qt::Key_H);
        QVERIFY(!model->hasOverlay(model->mistake(0).path));
        QVERIFY(!view.loadRun(m_tmp.filePath("no-run")));
        QVERIFY(view.noteLabel()->text().contains("no validation results yet"));
        QCOMPARE(model->rowCount(), 0);
    }

    void reopeningShowsTheStoredPredictions()
    {
        // The test above stored its predictions in the workspace: no model runs now.
        MainWindow window;
        QVERIFY(openIn(window));
        EvalPanel *panel = part<EvalPanel>(window);
        QVERIFY(waitForPrediction(panel));
        QVERIFY2(panel->predictBox()->statusLabel()->text().contains("no model ran"),
                 qPrintable(panel->predictBox()->statusLabel()->text()));
        QVERIFY(panel->model()->index(20).data(EvalImageModel::AnswerRole).isValid());
        // A run trained while the window is open is listed when the tab is shown again.
        QVERIFY(copyTree(m_root + ".masklab/runs/first", m_root + ".masklab/runs/third"));
        window.show();
        QVERIFY(window.showTab("browser") && window.showTab("eval"));
        QCOMPARE(panel->predictBox()->runList()->count(), 3);
    }

    void anotherEvalFolderAndTheViewer()
    {
        // Five of the eval images under other names in a folder of their own.
        const QString other = m_tmp.filePath("other-eval");
        QVERIFY(QDir().mkpath(other + "/images"));
        const QStringList ids =
            QDir(m_root + "/eval/images").entryList(QDir::Files, QDir::Name).mid(0, 5);
        QByteArray info = "ImageID,ans\n";
        for (int i = 0; i < ids.size(); ++i) {
            QVERIFY(QFile::copy(m_root + "/eval/images/" + ids[i],
                                other + QString("/images/copy%1.jpg").arg(i)));
            info += QString("copy%1.jpg,0\n").arg(i).toUtf8();
        }
        QVERIFY(writeFile(other + "/info.csv", info));
        const QString broken = m_tmp.filePath("broken-eval");
        QVERIFY(QDir().mkpath(broken));
        QVERIFY(writeFile(broken + "/info.csv", "ImageID,ans\na.jpg,0\na.jpg,0\n"));

        MainWindow window;
        window.resize(1200, 800);
        QVERIFY(openIn(window));
        EvalPanel *panel = part<EvalPanel>(window);
        QVERIFY(waitForPrediction(panel)); // the stored ones (first + second, flip TTA)
        QHash<QString, int> answerOf;
        for (int row = 0; row < panel->model()->rowCount(); ++row)
            answerOf.insert(panel->model()->imageId(row),
                            panel->model()->index(row).data(EvalImageModel::AnswerRole).toInt());

        QString error;
        QVERIFY(!panel->setEvalFolder(broken, &error));
        QVERIFY2(error.contains("info.csv") && error.contains("line 3"), qPrintable(error));
        QCOMPARE(panel->model()->rowCount(), 21); // still the dataset's

        QVERIFY2(panel->setEvalFolder(other, &error), qPrintable(error));
        QCOMPARE(panel->model()->rowCount(), 5);
        QVERIFY(!panel->model()->index(0).data(EvalImageModel::AnswerRole).isValid());
        QCOMPARE(panel->predictBox()->evalDir(), QDir(other).absolutePath());
        QSignalSpy predicted(panel->predictBox(), &PredictBox::predicted);
        panel->predictBox()->predict(); // the restored request's runs are still checked
        QVERIFY(predicted.wait(60000));
        for (int i = 0; i < 5; ++i) // the same photos, the same answers
            QCOMPARE(panel->model()->index(i).data(EvalImageModel::AnswerRole).toInt(),
                     answerOf.value(ids[i], -1));

        // A double-click opens the photo with its probabilities; an arrow goes to the next.
        window.show();
        QVERIFY(window.showTab("eval"));
        emit panel->view()->activated(panel->proxy()->index(0, 0));
        PhotoViewer *viewer = panel->photoViewer();
        QVERIFY(viewer->isVisible());
        QVERIFY2(viewer->infoText().contains("copy0.jpg") &&
                     viewer->infoText().contains("Most likely"),
                 qPrintable(viewer->infoText()));
        QTest::keyClick(viewer, Qt::Key_Right);
        QCOMPARE(viewer->currentIndex().row(), 1);
        QVERIFY(viewer->infoText().contains("copy1.jpg"));
        if (!qEnvironmentVariableIsEmpty("MASKLAB_SHOTS")) {
            window.grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/eval-other.png");
            viewer->grab().save(qEnvironmentVariable("MASKLAB_SHOTS") + "/eval-viewer.png");
        }

        // Back to the dataset's: its stored predictions are shown again.
        QVERIFY2(panel->setEvalFolder(QString(), &error), qPrintable(error));
        QVERIFY(!viewer->isVisible());
        QVERIFY(waitForPrediction(panel));
        QCOMPARE(panel->model()->rowCount(), 21);
        QVERIFY(panel->model()->index(20).data(EvalImageModel::AnswerRole).isValid());
    }
};

QTEST_MAIN(TestEvalPanel)
#include "tst_evalpanel.moc"
