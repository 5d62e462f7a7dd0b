// The photo viewer stepping through a person's photos with the keys (the grid follows, zoom
// keys), the toggle that shows where a trained run looks (Grad-CAM), and the Eval tab's grid
// receiving its thumbnails, on real widgets.

#include "browserpanel.h"
#include "evalimagemodel.h"
#include "evalpanel.h"
#include "explainbar.h"
#include "mainwindow.h"
#include "personfilterproxy.h"
#include "persongridview.h"
#include "persontablemodel.h"
#include "photoviewer.h"
#include "testsupport.h"
#include "trainer.h"
#include "windowsupport.h"
#include "workspace.h"

#include <QScrollArea>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::ui;
using namespace masklab::test;

class TestPhotoViewer : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_base;

    using Opened = OpenedWindow;

    Opened open(const QString &name) { return openCopyInWindow(m_base, m_tmp.filePath(name)); }
    static QModelIndex cell(const Opened &o, int row, int column)
    {
        return browserCell(o, row, column);
    }
    static void select(const Opened &o, int row, int column) { selectBrowserCell(o, row, column); }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName("MaskLabTest");
        QCoreApplication::setApplicationName("tst_photoviewer");
        m_base = m_tmp.filePath("base");
        QVERIFY(makeSynthDataset(m_base, 20, 1, 0, true, 96, 128));
    }

    void viewerStepsThroughPhotos()
    {
        Opened o = open("viewer");
        select(o, 1, 2);
        QTest::keyClick(o.browser->view(), Qt::Key_Return);
        PhotoViewer *viewer = o.browser->photoViewer();
        QTRY_VERIFY(viewer->isVisible());
        QCOMPARE(viewer->currentIndex().column(), 2);
        QVERIFY(
            viewer->infoText().contains(cell(o, 1, 2).data(PersonTableModel::PathRole).toString()));
        // A click on the photo leaves the arrow keys to the viewer (the scroll area took them).
        QTest::mouseClick(viewer->findChild<QScrollArea *>()->viewport(), Qt::LeftButton);
        QWidget *keys = viewer->focusWidget() ? viewer->focusWidget() : viewer;
        QTest::keyClick(keys, Qt::Key_Right);
        QCOMPARE(viewer->currentIndex().column(), 3);
        QTest::keyClick(viewer, Qt::Key_Down);
        QCOMPARE(viewer->currentIndex().row(), 2);
        QCOMPARE(o.browser->view()->currentIndex(), viewer->currentIndex()); // the grid follows
        QTest::keyClick(viewer, Qt::Key_0);
        QCOMPARE(viewer->zoom(), 1.0);
        QVERIFY(viewer->infoText().contains("96x128, shown at 100%"));
        QTest::keyClick(viewer, Qt::Key_F);
        QCOMPARE(viewer->zoom(), 0.0);
    }

    void evalTabBrowsesTheEvalImages()
    {
        Opened o = open("eval");
        EvalPanel *eval = part<EvalPanel>(*o.window);
        QCOMPARE(eval->model()->rowCount(), 7);
        QVERIFY(o.window->showTab("eval"));
        QSignalSpy changed(eval->model(), &QAbstractItemModel::dataChanged);
        eval->model()->index(0).data(Qt::DecorationRole); // asks for the thumbnail
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
        QCOMPARE(eval->model()->index(0).data(Qt::DecorationRole).value<QPixmap>().height(), 128);
    }

    void theViewerShowsWhereTheModelLooks()
    {
        Opened o = open("explain");
        QVERIFY(trainer::train(tinyTrainConfig(o.root, 1),
                               Workspace::defaultDirFor(o.root) + "/runs/r1", {})
                    .ok);
        select(o, 2, 6); // incorrect_mask
        QTest::keyClick(o.browser->view(), Qt::Key_Return);
        PhotoViewer *viewer = o.browser->photoViewer();
        QTRY_VERIFY(viewer->isVisible());
        ExplainBar *bar = viewer->explainBar();
        QVERIFY(!bar->isOn());
        QTest::keyClick(viewer, Qt::Key_H);
        QVERIFY(bar->isOn());
        QTRY_VERIFY_WITH_TIMEOUT(!bar->current().image.isNull(), 30000);
        const QImage photo(cell(o, 2, 6).data(PersonTableModel::PathRole).toString());
        QCOMPARE(bar->current().image.size(), photo.size());
        QVERIFY(bar->current().image != photo.convertToFormat(QImage::Format_RGB888));
        QVERIFY2(viewer->infoText().contains("r1 looks for its answer"),
                 qPrintable(viewer->infoText()));
        // The next photo is explained in its turn; H again shows the photo alone.
        QTest::keyClick(viewer, Qt::Key_Right);
        QTRY_VERIFY_WITH_TIMEOUT(
            !bar->current().image.isNull() && bar->current().key.endsWith("normal.jpg"), 30000);
        QTest::keyClick(viewer, Qt::Key_H);
        QVERIFY(bar->current().image.isNull());
        QVERIFY(!viewer->infoText().contains("looks for its answer"));
    }
};

QTEST_MAIN(TestPhotoViewer)
#include "tst_photoviewer.moc"
