// The workspace under write failures and a second MaskLab: an edit whose save fails (a full
// disk) is not made, undo and redo that cannot be saved leave the stack where the labels are,
// and a workspace open in another MaskLab process opens read-only until that process is gone.

#include "browserpanel.h"
#include "datasetscanner.h"
#include "edapanel.h"
#include "labelsession.h"
#include "mainwindow.h"
#include "persondetails.h"
#include "personfilterproxy.h"
#include "persongridview.h"
#include "persontablemodel.h"
#include "testsupport.h"
#include "windowsupport.h"
#include "workspace.h"
#include "workspacelock.h"

#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestWorkspaceSafety : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_base;

    using Opened = OpenedWindow;

    Opened open(const QString &root) { return openInWindow(root, {1100, 700}); }

    QString copy(const QString &name)
    {
        const QString root = m_tmp.filePath(name);
        if (!copyTree(m_base, root))
            qFatal("copy failed");
        return root;
    }

    // Presses key on the grid cell of the person at row (first photo column).
    void press(const Opened &o, int row, Qt::Key key)
    {
        o.browser->view()->setFocus();
        o.browser->view()->setCurrentIndex(o.browser->proxy()->index(row, 1));
        QTest::keyClick(o.browser->view(), key);
    }

    int personAt(const Opened &o, int row)
    {
        return o.browser->proxy()->index(row, 0).data(PersonTableModel::PersonIndexRole).toInt();
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("MaskLabTest");
        QCoreApplication::setApplicationName("tst_workspacesafety");
        m_base = m_tmp.filePath("base");
        QVERIFY(makeSynthDataset(m_base, 8, 0, 0, false, 96, 128));
    }

    // One undo step, however many persons it changes: one overlay save and one personsChanged
    // (every listener recounts once), for the step and for its undo.
    void aFiftyPersonStepIsOneSave()
    {
        const QString root = m_tmp.filePath("fifty");
        QVERIFY(makeSynthDataset(root, 60, 0, 0, false, 48, 64));
        auto scan = std::make_shared<ScanResult>(scanDataset(root));
        const Workspace workspace(Workspace::defaultDirFor(root), root);
        LabelSession session(scan, LabelOverlay{}, workspace);
        QSignalSpy changed(&session, &LabelSession::personsChanged);
        QList<FieldChange> changes;
        for (int p = 0; p < 50; ++p)
            changes << FieldChange{p, -1, EditField::Age, QStringLiteral("77")};

        qint64 before = processBytesWritten();
        QVERIFY(session.editMany(changes, QStringLiteral("age of 50 persons")));
        qint64 written = processBytesWritten() - before;
        const qint64 overlay = QFileInfo(workspace.overlayPath()).size();
        QCOMPARE(session.labels().overlay().editCount(), 50);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.front().front().value<QList<int>>().size(), 50);
        // Fifty saves of the growing file would write about 25 times its final size.
        QVERIFY2(written >= overlay && written < 2 * overlay,
                 qPrintable(QStringLiteral("%1 bytes written for a %2-byte overlay")
                                .arg(written)
                                .arg(overlay)));

        before = processBytesWritten();
        session.undoStack()->undo();
        written = processBytesWritten() - before;
        QCOMPARE(session.labels().overlay().editCount(), 0);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.back().front().value<QList<int>>().size(), 50);
        QVERIFY2(written < overlay, qPrintable(QString::number(written))); // the empty overlay
    }

    void editsThatCannotBeSavedAreNotMade()
    {
        Opened o = open(copy("full"));
        const LabeledDataset &labels = o.session->labels();
        QUndoStack *undo = o.session->undoStack();
        const int first = personAt(o, 0), second = personAt(o, 1);
        const Gender original = labels.gender(first);
        press(o, 0, Qt::Key_G);
        QVERIFY(labels.gender(first) != original);
        const QString overlayPath = o.session->workspace().overlayPath();
        const QByteArray saved = readFile(overlayPath);
        QVERIFY(!saved.isEmpty());

        auto full = std::make_unique<FileSizeLimit>(1);
        press(o, 1, Qt::Key_G); // not saved: not made
        QCOMPARE(labels.gender(second), labels.person(second).gender);
        QCOMPARE(undo->count(), 1);
        QCOMPARE(readFile(overlayPath), saved);
        QVERIFY2(o.window->statusText().contains("the edit was not made") &&
                     o.window->statusText().contains("overlay.yaml: File too large"),
                 qPrintable(o.window->statusText()));

        const QPixmap shot = o.window->grab(); // saved once there is room again
        undo->undo();                          // not saved: the edit stays, and so does the stack
        QTRY_COMPARE(undo->index(), 1);
        QVERIFY(labels.gender(first) != original);
        QCOMPARE(readFile(overlayPath), saved);

        // The age box of the details panel goes back to the value that holds.
        QSpinBox *age = o.browser->details()->ageBox();
        const int heldAge = labels.age(o.browser->details()->person());
        age->setValue(heldAge + 7);
        QCOMPARE(age->value(), heldAge);
        full.reset();
        if (!qEnvironmentVariableIsEmpty("MASKLAB_SHOTS"))
            shot.save(qEnvironmentVariable("MASKLAB_SHOTS") + "/notsaved.png");
    }

    void undoAndRedoThatCannotBeSavedKeepTheirPlace()
    {
        Opened o = open(copy("steps"));
        const LabeledDataset &labels = o.session->labels();
        QUndoStack *undo = o.session->undoStack();
        for (int row = 0; row < 3; ++row)
            press(o, row, Qt::Key_G);
        QCOMPARE(undo->count(), 3);
        const QByteArray threeEdits = readFile(o.session->workspace().overlayPath());
        {
            FileSizeLimit full(1);
            undo->setIndex(0); // three undo steps at once, as the history view does
            QTRY_COMPARE(undo->index(), 3);
            QCOMPARE(labels.overlay().editCount(), 3);
        }
        QCOMPARE(readFile(o.session->workspace().overlayPath()), threeEdits);
        undo->setIndex(1); // with room again
        QCOMPARE(labels.overlay().editCount(), 1);
        {
            FileSizeLimit full(1);
            undo->redo();
            QTRY_COMPARE(undo->index(), 1);
            QCOMPARE(labels.overlay().editCount(), 1);
        }
        undo->redo();
        QCOMPARE(undo->index(), 2);
        QCOMPARE(labels.overlay().editCount(), 2);
    }

    void ageGroupsThatCannotBeSavedStay()
    {
        Opened o = open(copy("groups"));
        o.window->showTab("eda");
        QSpinBox *middleFrom = part<EdaPanel>(*o.window)->middleFromBox();
        const int before = o.session->thresholds().middleFrom;
        middleFrom->setValue(before + 5); // a what-if until applied
        {
            FileSizeLimit full(1);
            QPushButton *apply = part<EdaPanel>(*o.window)->applyThresholdsButton();
            QTRY_VERIFY(apply->isEnabled());
            QTest::mouseClick(apply, Qt::LeftButton);
        }
        QCOMPARE(o.session->thresholds().middleFrom, before);
        QCOMPARE(middleFrom->value(), before);
        QVERIFY(!QFile::exists(o.session->workspace().settingsPath()));
        QVERIFY2(o.window->statusText().contains("the age groups were not changed"),
                 qPrintable(o.window->statusText()));
    }

    // A real second process: the app itself, holding the workspace.
    void aSecondMaskLabOpensItReadOnly()
    {
        const QString root = copy("shared");
        QProcess other;
        other.start(QStringLiteral(MASKLAB_GUI_PATH), {root});
        QVERIFY(other.waitForStarted());
        const QString lockPath = Workspace::defaultDirFor(root) + "/" + WorkspaceLock::kFileName;
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(lockPath), 30000);

        {
            Opened o = open(root);
            QVERIFY(o.session->isReadOnly());
            QVERIFY2(o.window->windowTitle().contains("[read-only]"),
                     qPrintable(o.window->windowTitle()));
            const QString pid = QString::number(other.processId());
            QVERIFY2(o.window->statusText().contains("open in another MaskLab (process " + pid),
                     qPrintable(o.window->statusText()));
            press(o, 0, Qt::Key_G);
            QVERIFY(!o.browser->details()->ageBox()->isEnabled());
            QVERIFY(o.session->labels().overlay().isEmpty());
            QCOMPARE(o.session->undoStack()->count(), 0);
            QVERIFY(!QFile::exists(o.session->workspace().overlayPath()));
        }

        // Killed, the other process leaves its lock file: it is taken over.
        other.kill();
        QVERIFY(other.waitForFinished());
        QVERIFY(QFile::exists(lockPath));
        Opened o = open(root);
        QVERIFY2(!o.session->isReadOnly(), qPrintable(o.session->readOnlyReason()));
        press(o, 0, Qt::Key_G);
        QCOMPARE(o.session->labels().overlay().editCount(), 1);
        QVERIFY(QFile::exists(o.session->workspace().overlayPath()));

        // Opening the same dataset again in this window keeps it writable (the lock moves).
        QVERIFY(openAndWait(*o.window, root));
        QVERIFY2(!o.window->session()->isReadOnly(),
                 qPrintable(o.window->session()->readOnlyReason()));
    }
};

QTEST_MAIN(TestWorkspaceSafety)
#include "tst_workspacesafety.moc"
