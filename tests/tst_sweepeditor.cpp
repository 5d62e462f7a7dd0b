// The Training tab's Sweep page driven as a user would: its plan before anything starts (points,
// folds, epochs), a bad value typed into a cell named at its row, a choice key listing its
// choices, a config with a problem blocking the sweep, a fresh name per workspace, and Start
// writing the sweep file and its base that masklab-cli sweep reads to the same points.

#include "sweepeditor.h"
#include "sweepplan.h"
#include "testsupport.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;
using masklab::ui::SweepEditor;

namespace {

enum Column
{
    Key,
    Values,
    Low,
    High,
    Count
};

// Types text into a cell of the keys table as a user would: select, edit, type, Return (the
// delegate commits it from the event loop).
void typeInCell(QTableWidget *table, int row, int column, const QString &text)
{
    table->setCurrentCell(row, column);
    table->editItem(table->item(row, column));
    QWidget *editor = QApplication::focusWidget();
    QVERIFY(editor && editor != table);
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(table->item(row, column)->text(), text);
}

} // namespace

class TestSweepEditor : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

    // A shown editor over a valid config of a dataset folder, in a fresh workspace.
    std::unique_ptr<SweepEditor> shownEditor(const QString &workspace)
    {
        auto editor = std::make_unique<SweepEditor>();
        editor->resize(700, 500);
        editor->setBase(tinyTrainConfig(m_tmp.filePath("ds"), 4), true);
        editor->setWorkspace(workspace);
        editor->show();
        if (!QTest::qWaitForWindowExposed(editor.get()))
            qFatal("the sweep page was not shown");
        return editor;
    }

private slots:
    void thePlanCountsPointsFoldsAndEpochs()
    {
        auto editor = shownEditor(m_tmp.filePath("plan"));
        // The page starts with a learning-rate range of 3 over the config's 4 epochs.
        QVERIFY2(editor->isValid(), qPrintable(editor->problemText()));
        QVERIFY2(editor->planText().startsWith("3 points (grid). 12 epochs of training"),
                 qPrintable(editor->planText()));
        auto *folds = editor->findChild<QSpinBox *>("sweepFolds");
        folds->setValue(3);
        QVERIFY2(editor->planText().contains("each cross-validated over 3 folds: 9 runs") &&
                     editor->planText().contains("36 epochs"),
                 qPrintable(editor->planText()));
        folds->setValue(1); // no such thing as one fold: the spin box steps over it
        QCOMPARE(folds->value(), 0);
        editor->findChild<QCheckBox *>("sweepEarlyStop")->setChecked(true);
        editor->findChild<QLineEdit *>("sweepRungs")->setText("2");
        QVERIFY2(editor->planText().contains("at most, with early stopping (12 without)"),
                 qPrintable(editor->planText()));
    }

    void aBadCellIsNamedAtItsRowAndBlocksTheStart()
    {
        auto editor = shownEditor(m_tmp.filePath("bad"));
        auto *table = editor->findChild<QTableWidget *>("sweepKeys");
        const int row = editor->addRow("model.width", "8, 16");
        QCOMPARE(row, 1);
        typeInCell(table, row, Values, "8, wide");
        QVERIFY(!editor->isValid());
        QVERIFY2(editor->problemText().startsWith("Row 2: model.width: \"wide\" is not a whole "
                                                  "number"),
                 qPrintable(editor->problemText()));
        QVERIFY(!editor->findChild<QPushButton *>("startSweep")->isEnabled());
        typeInCell(table, row, Values, "8, 16");
        QVERIFY2(editor->planText().startsWith("6 points (grid)"), qPrintable(editor->planText()));
        typeInCell(table, 0, Low, "-1"); // a log range below zero
        QVERIFY2(editor->problemText().startsWith("Row 1: optimizer.lr: "),
                 qPrintable(editor->problemText()));
        // A choice key starts with all its choices.
        const int choice = editor->addRow(QString());
        auto *keys = qobject_cast<QComboBox *>(table->cellWidget(choice, Key));
        keys->setCurrentText("optimizer.kind");
        QVERIFY2(table->item(choice, Values)->text().contains("adamw"),
                 qPrintable(table->item(choice, Values)->text()));
        // The config the sweep starts from has a problem: nothing starts.
        editor->setBase(tinyTrainConfig(m_tmp.filePath("ds"), 4), false);
        QVERIFY(editor->problemText().contains("The config has a problem"));
    }

    void startWritesTheSweepFileTheCommandLineReads()
    {
        const QString ws = m_tmp.filePath("start");
        QVERIFY(QDir().mkpath(ws + "/sweeps/sweep-1")); // a sweep of that name ran here before
        auto editor = shownEditor(ws);
        QCOMPARE(editor->findChild<QLineEdit *>("sweepName")->text(), QString("sweep-2"));
        editor->addRow("model.width", "8, 16");
        editor->findChild<QSpinBox *>("sweepFolds")->setValue(2);
        QSignalSpy started(editor.get(), &SweepEditor::startRequested);
        QTest::mouseClick(editor->findChild<QPushButton *>("startSweep"), Qt::LeftButton);
        QCOMPARE(started.size(), 1);
        const QString file = started.front().front().toString();
        QCOMPARE(file, ws + "/sweeps/sweep-2.yaml");
        QVERIFY(QFileInfo::exists(ws + "/sweeps/sweep-2.base.yaml"));
        QString error;
        const auto spec = readSweepFile(file, &error);
        QVERIFY2(spec, qPrintable(error));
        const auto points = expandSweep(*spec, &error);
        QVERIFY2(points, qPrintable(error));
        QCOMPARE(points->size(), size_t(6));
        QCOMPARE(spec->folds, 2);
        QCOMPARE(spec->base.data.dataset, m_tmp.filePath("ds"));
        QCOMPARE(spec->base.train.epochs, 4);
        QCOMPARE((*points)[5].describe(), QString("optimizer.lr=0.003, model.width=16"));
        // The same sweep again writes the same file; another under that name is refused (a
        // queued entry reads the file when it runs).
        QVERIFY2(editor->writeSweepFiles(&error), qPrintable(error));
        editor->findChild<QSpinBox *>("sweepFolds")->setValue(3);
        QVERIFY(!editor->writeSweepFiles(&error));
        QVERIFY2(error.contains("holds another sweep named sweep-2"), qPrintable(error));
        QCOMPARE(readSweepFile(file, &error)->folds, 2);
    }
};

QTEST_MAIN(TestSweepEditor)
#include "tst_sweepeditor.moc"
