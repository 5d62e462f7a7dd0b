// The Map tab in a shown window, driven as a user drives it: the Map button embeds and lays out
// a trained run's photos, a lasso drawn with the mouse selects the photos inside it and opens
// their persons in the Browser, hovering shows the photo, a click and "More like this" lists
// its nearest neighbours (also from the photo viewer's L), and a relabel recolours the dots without
// embedding again.

#include "embeddingmap.h"
#include "evalfilterbar.h"
#include "evalpanel.h"
#include "filterbar.h"
#include "finderresults.h"
#include "mappanel.h"
#include "mapphotostrip.h"
#include "mapview.h"
#include "persontablemodel.h"
#include "photoviewer.h"
#include "trainer.h"
#include "windowsupport.h"
#include "workspace.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::test;
using namespace masklab::ui;

namespace {

void sendMouse(QWidget *widget, QEvent::Type type, const QPointF &at, Qt::MouseButtons buttons)
{
    const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    QMouseEvent event(type, at, widget->mapToGlobal(at), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

// A lasso drawn with the left button through the corners of a polygon.
void drawLasso(QWidget *view, const QPolygonF &corners)
{
    sendMouse(view, QEvent::MouseButtonPress, corners.first(), Qt::LeftButton);
    for (int i = 1; i <= corners.size(); ++i) {
        const QPointF from = corners[i - 1], to = corners[i % corners.size()];
        for (int step = 1; step <= 10; ++step)
            sendMouse(view, QEvent::MouseMove, from + (to - from) * step / 10.0, Qt::LeftButton);
    }
    sendMouse(view, QEvent::MouseButtonRelease, corners.first(), Qt::NoButton);
}

int legendCount(const QListWidget *legend, const QString &name)
{
    for (int i = 0; i < legend->count(); ++i) {
        const QString text = legend->item(i)->text();
        if (text.startsWith(name + " ("))
            return text.section('(', 1).chopped(1).toInt();
    }
    return -1;
}

} // namespace

class TestMapPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_root;
    OpenedWindow m_opened;
    MapPanel *m_panel = nullptr;
    MapView *m_view = nullptr;

private slots:
    void initTestCase()
    {
        m_root = m_tmp.filePath("ds");
        QVERIFY(makeSynthDataset(m_root, 16, 2, 0, false, 96, 128));
        const QString runs = Workspace::defaultDirFor(m_root) + "/runs";
        QVERIFY(trainer::train(tinyTrainConfig(m_root, 1), runs + "/r1", {}).ok);
        m_opened = openInWindow(m_root, {1300, 820});
        QVERIFY(m_opened.window->showTab("map"));
        m_panel = part<MapPanel>(*m_opened.window);
        m_view = part<MapView>(*m_panel);
    }

    void theMapButtonMapsTheRun()
    {
        QSignalSpy ready(m_panel, &MapPanel::mapReady);
        QTest::mouseClick(part<QPushButton>(*m_panel, "mapButton"), Qt::LeftButton);
        QVERIFY(ready.wait(60000));
        QVERIFY(m_panel->table());
        QCOMPARE(m_panel->table()->size(), 16 * 7 + 2 * 7);
        QCOMPARE(m_view->pointCount(), m_panel->table()->size());
        const QString status = part<QLabel>(*m_panel, "mapStatus")->text();
        QVERIFY2(status.contains("126 photos") && status.contains("126 embedded now"),
                 qPrintable(status));
        // Every point lies inside the view once fitted.
        for (int i = 0; i < m_view->pointCount(); ++i)
            QVERIFY(m_view->rect().contains(m_view->widgetPosition(i).toPoint()));
    }

    void aLassoSelectsThePhotosInsideIt()
    {
        const QRectF left(2, 2, m_view->width() / 2.0, m_view->height() - 4);
        std::vector<int> expected;
        for (int i = 0; i < m_view->pointCount(); ++i)
            if (left.contains(m_view->widgetPosition(i)))
                expected.push_back(i);
        QVERIFY(!expected.empty() && int(expected.size()) < m_view->pointCount());
        drawLasso(m_view, QPolygonF(left));
        QCOMPARE(m_view->selection(), expected);
        const auto *strip = part<MapPhotoStrip>(*m_panel);
        QCOMPARE(strip->count(), int(expected.size()));
        QVERIFY(part<QLabel>(*m_panel, "mapStripTitle")
                    ->text()
                    .startsWith(QString::number(expected.size()) + " photos selected"));

        // Their persons in the Browser.
        QSet<QString> folders;
        for (int row : expected) {
            const EmbeddedPhoto &photo = m_panel->table()->photos[size_t(row)];
            if (photo.split != PhotoSplit::Eval)
                folders.insert(photo.path.section('/', 2, 2));
        }
        QTest::mouseClick(part<QPushButton>(*m_panel, "mapBrowse"), Qt::LeftButton);
        QCOMPARE(m_opened.browser->proxy()->rowCount(), folders.size());
        QVERIFY(m_opened.window->showTab("map"));

        // A lasso around everything: its eval photos in the Eval tab.
        drawLasso(m_view, QPolygonF(QRectF(m_view->rect())));
        auto *showEval = part<QPushButton>(*m_panel, "mapShowEval");
        QVERIFY(showEval->isEnabled());
        QTest::mouseClick(showEval, Qt::LeftButton);
        const EvalPanel *eval = part<EvalPanel>(*m_opened.window);
        QCOMPARE(part<QTabWidget>(*m_opened.window, "tabs")->currentWidget(), eval);
        QTRY_COMPARE(eval->proxy()->rowCount(), 2 * 7);
        QVERIFY(eval->filterBar()->countLabel()->text().startsWith("14 of "));
        eval->filterBar()->setFilter({});
        QVERIFY(m_opened.window->showTab("map"));
    }

    void aNewColouringShowsEveryGroup()
    {
        auto *legend = part<QListWidget>(*m_panel, "mapLegend");
        m_panel->setColourBy(ColourBy::Split);
        legend->item(0)->setCheckState(Qt::Unchecked); // train dots hidden
        const QPolygonF everywhere(QRectF(m_view->rect()).adjusted(-5, -5, 5, 5));
        QVERIFY(int(m_view->pointsInside(everywhere).size()) < m_view->pointCount());
        m_panel->setColourBy(ColourBy::Label);
        QCOMPARE(int(m_view->pointsInside(everywhere).size()), m_view->pointCount());
        for (int i = 0; i < legend->count(); ++i)
            QCOMPARE(legend->item(i)->checkState(), Qt::Checked);
    }

    void suspectsAreColouredByTheFindersScore()
    {
        // No finder run yet: every train photo in the "no finder run" group.
        m_panel->setColourBy(ColourBy::Suspect);
        const auto *legend = part<QListWidget>(*m_panel, "mapLegend");
        QCOMPARE(legendCount(legend, "eval, or no finder run"), 126);
        // A finder run whose one suspect is a person's gender, score 0.9: its 7 photos go red.
        const QString folder = m_panel->table()->photos.front().path.section('/', 2, 2);
        finder::Suspect suspect;
        suspect.kind = finder::SuspectKind::Gender;
        suspect.folder = folder;
        suspect.given = "male";
        suspect.suggested = "female";
        suspect.score = 0.9;
        const finder::FinderRun run(Workspace::defaultDirFor(m_root) + "/finder/0123456789ab");
        QVERIFY(QDir().mkpath(run.dir()));
        finder::FinderRunInfo info;
        info.folds = 2;
        info.labels = finder::personLabelSignatures(m_opened.session->labels());
        QString error;
        QVERIFY2(run.writeInfo(info, &error), qPrintable(error));
        QVERIFY(writeFile(run.suspectsJsonFile(), finder::suspectsJson({suspect})));
        QVERIFY(writeFile(run.outOfFoldFile(), "")); // what makes a finished run
        QSignalSpy ready(m_panel, &MapPanel::mapReady);
        QTest::mouseClick(part<QPushButton>(*m_panel, "mapButton"), Qt::LeftButton);
        QVERIFY(ready.wait(60000));
        QCOMPARE(legendCount(legend, "score 0.8 or more"), 7);
        QCOMPARE(legendCount(legend, "not a suspect"), 16 * 7 - 7);
    }

    void mappingAgainClearsTheOldMapAtOnce()
    {
        drawLasso(m_view, QPolygonF(QRectF(m_view->rect())));
        QVERIFY(!m_view->selection().empty());
        QSignalSpy ready(m_panel, &MapPanel::mapReady);
        QTest::mouseClick(part<QPushButton>(*m_panel, "mapButton"), Qt::LeftButton);
        // Until the new map comes, nothing of the old one can be picked.
        QVERIFY(m_view->selection().empty());
        QCOMPARE(m_panel->table(), nullptr);
        QTest::mouseClick(m_view, Qt::LeftButton, {}, m_view->rect().center());
        drawLasso(m_view, QPolygonF(QRectF(m_view->rect())));
        QVERIFY(ready.wait(60000));
        QCOMPARE(m_view->pointCount(), 126);
        QVERIFY2(part<QLabel>(*m_panel, "mapStatus")->text().contains("126 kept from before"),
                 qPrintable(part<QLabel>(*m_panel, "mapStatus")->text()));
    }

    void hoveringShowsThePhoto()
    {
        QSignalSpy hovered(m_view, &MapView::hovered);
        const QPointF at = m_view->widgetPosition(7);
        sendMouse(m_view, QEvent::MouseMove, at + QPointF(1, 0), Qt::NoButton);
        QVERIFY(!hovered.isEmpty());
        const int shown = hovered.last().at(0).toInt();
        QVERIFY(shown >= 0); // point 7, or one drawn on top of it
        QVERIFY((m_view->widgetPosition(shown) - at).manhattanLength() < 12);
        QVERIFY(part<QLabel>(*m_panel, "mapHover")->isVisible());
        sendMouse(m_view, QEvent::MouseMove, QPointF(-50, -50), Qt::NoButton);
    }

    void moreLikeThisListsTheNearestPhotos()
    {
        const int row = 20;
        QTest::mouseClick(m_view, Qt::LeftButton, {}, m_view->widgetPosition(row).toPoint());
        QCOMPARE(m_view->selection().size(), size_t(1));
        const int clicked = m_view->selection().front();
        auto *like = part<QPushButton>(*m_panel, "mapLike");
        QVERIFY(like->isEnabled());
        QTest::mouseClick(like, Qt::LeftButton);
        const auto *strip = part<MapPhotoStrip>(*m_panel);
        QCOMPARE(strip->count(), 25); // the photo and its 24 nearest
        QCOMPARE(strip->rowAt(0), clicked);
        const SimilarPhotos similar(*m_panel->table());
        const auto nearest = similar.like(clicked, 24);
        for (int i = 0; i < 24; ++i)
            QCOMPARE(strip->rowAt(i + 1), nearest[size_t(i)].first);
        // The buttons under the strip act on what it shows: these 25 photos' persons.
        QSet<QString> folders;
        for (int i = 0; i < 25; ++i) {
            const EmbeddedPhoto &p = m_panel->table()->photos[size_t(strip->rowAt(i))];
            if (p.split != PhotoSplit::Eval)
                folders.insert(p.path.section('/', 2, 2));
        }
        QTest::mouseClick(part<QPushButton>(*m_panel, "mapBrowse"), Qt::LeftButton);
        QCOMPARE(m_opened.browser->proxy()->rowCount(), folders.size());
        QVERIFY(m_opened.window->showTab("map"));
    }

    void thePhotoViewerAsksForMoreLikeThis()
    {
        QVERIFY(m_opened.window->showTab("browser"));
        m_opened.browser->filterBar()->setFilter({}); // every person, after the lasso's
        selectBrowserCell(m_opened, 3, 2);
        const QString path =
            browserCell(m_opened, 3, 2).data(PersonTableModel::PathRole).toString();
        QTest::keyClick(m_opened.browser->view(), Qt::Key_Return);
        PhotoViewer *viewer = m_opened.browser->photoViewer();
        QTRY_VERIFY(viewer->isVisible());
        QTest::keyClick(viewer, Qt::Key_L);
        QVERIFY(!viewer->isVisible());
        QCOMPARE(part<QTabWidget>(*m_opened.window, "tabs")->currentWidget(), m_panel);
        const auto *strip = part<MapPhotoStrip>(*m_panel);
        QCOMPARE(strip->count(), 25);
        const EmbeddedPhoto &first = m_panel->table()->photos[size_t(strip->rowAt(0))];
        QVERIFY2(path.endsWith(first.path), qPrintable(path + " vs " + first.path));
    }

    void aRelabelRecoloursWithoutEmbedding()
    {
        m_panel->setColourBy(ColourBy::Gender);
        const auto *legend = part<QListWidget>(*m_panel, "mapLegend");
        const int male = legendCount(legend, "male"), female = legendCount(legend, "female");
        QCOMPARE(male + female, 16 * 7);
        // The first photo's person changes gender: its 7 photos change colour.
        const EmbeddedPhoto &photo = m_panel->table()->photos.front();
        const int person = m_opened.session->labels().indexOf(photo.path.section('/', 2, 2));
        const bool wasMale = m_opened.session->labels().gender(person) == Gender::Male;
        QVERIFY(
            m_opened.session->edit({person, -1, EditField::Gender, wasMale ? "female" : "male"}));
        QCOMPARE(legendCount(legend, "male"), male + (wasMale ? -7 : 7));
        QCOMPARE(legendCount(legend, "female"), female + (wasMale ? 7 : -7));
        QCOMPARE(m_panel->table()->size(), 126); // the same table: nothing embedded again
    }
};

QTEST_MAIN(TestMapPanel)
#include "tst_mappanel.moc"
