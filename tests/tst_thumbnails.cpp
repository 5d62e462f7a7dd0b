// Thumbnail loading: reduced decode to the asked height, the persistent disk cache, broken files,
// and the cache in front of the thread pool.

#include "testsupport.h"
#include "thumbnailcache.h"
#include "thumbnailloader.h"
#include "thumbnailstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

using masklab::ThumbnailStore;
using namespace masklab::ui;
using namespace masklab::test;

class TestThumbnails : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;
    QString m_photo;

private slots:
    void initTestCase()
    {
        m_photo = m_tmp.filePath("photo.jpg");
        cv::Mat image(512, 384, CV_8UC3, cv::Scalar(0, 0, 255)); // pure red in BGR
        QVERIFY(cv::imwrite(m_photo.toStdString(), image));
    }

    void decodesToTheAskedHeight_data()
    {
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::newRow("1/8") << 64 << 48;
        QTest::newRow("1/4") << 128 << 96;
        QTest::newRow("between") << 200 << 150;
        QTest::newRow("full") << 512 << 384;
    }

    void decodesToTheAskedHeight()
    {
        QFETCH(int, height);
        QFETCH(int, width);
        const ThumbnailResult result = loadThumbnail({m_photo, height, QString()});
        QCOMPARE(result.image.height(), height);
        QCOMPARE(result.image.width(), width);
        const QColor centre = result.image.pixelColor(width / 2, height / 2);
        QVERIFY(centre.red() > 240 && centre.green() < 15 && centre.blue() < 15); // RGB order
        QVERIFY(!result.fromDisk);
    }

    void diskCache()
    {
        const QString cache = m_tmp.filePath("cache");
        const ThumbnailRequest request{m_photo, 128, cache};
        const ThumbnailStore store(cache);
        const QString file = store.entryPath(m_photo, 128);
        QVERIFY(file.startsWith(cache + "/"));
        QVERIFY(!QFileInfo::exists(file));
        QVERIFY(!loadThumbnail(request).fromDisk);
        QVERIFY(QFileInfo::exists(file));
        const ThumbnailResult again = loadThumbnail(request);
        QVERIFY(again.fromDisk);
        QCOMPARE(again.image.height(), 128);
        // Another height or a changed file is another entry.
        QVERIFY(store.entryPath(m_photo, 256) != file);
        QFile f(m_photo);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addDays(1),
                              QFileDevice::FileModificationTime));
        f.close();
        QVERIFY(store.entryPath(m_photo, 128) != file);
    }

    // The store keeps what it is given under the entry's name and nothing beside it; a folder it
    // cannot write to costs the entry, not the thumbnail.
    void theStoreKeepsEntriesWhole()
    {
        const ThumbnailStore store(m_tmp.filePath("store"));
        QVERIFY(store.read(m_photo, 64).isEmpty());
        QVERIFY(store.write(m_photo, 64, "jpeg bytes"));
        QCOMPARE(store.read(m_photo, 64), QByteArray("jpeg bytes"));
        QVERIFY(store.write(m_photo, 64, "newer")); // made again: replaced whole
        QCOMPARE(store.read(m_photo, 64), QByteArray("newer"));
        const QFileInfo entry(store.entryPath(m_photo, 64));
        QCOMPARE(entry.dir().entryList(QDir::Files), QStringList{entry.fileName()});

        QVERIFY(writeFile(m_tmp.filePath("not-a-folder"), "x"));
        const ThumbnailStore blocked(m_tmp.filePath("not-a-folder"));
        QVERIFY(!blocked.write(m_photo, 64, "jpeg bytes"));
        const ThumbnailResult result = loadThumbnail({m_photo, 64, blocked.dir()});
        QCOMPARE(result.image.height(), 64);
        QVERIFY(!result.fromDisk);
    }

    void brokenFilesGiveNoImage()
    {
        const QString broken = m_tmp.filePath("broken.jpg");
        QVERIFY(writeFile(broken, "not a jpeg"));
        QVERIFY(loadThumbnail({broken, 128, m_tmp.filePath("cache")}).image.isNull());
        QVERIFY(loadThumbnail({m_tmp.filePath("missing.jpg"), 128, {}}).image.isNull());
    }

    void cacheLoadsInTheBackground()
    {
        ThumbnailCache cache;
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        QVERIFY(!cache.pixmap(m_photo, 128, 0)); // queued
        QVERIFY(!cache.pixmap(m_photo, 128, 0)); // queued once
        QCOMPARE(cache.pendingCount(), 1);
        QVERIFY(ready.wait(5000));
        QCOMPARE(ready.count(), 1);
        const QPixmap *pixmap = cache.pixmap(m_photo, 128, 0);
        QVERIFY(pixmap);
        QCOMPARE(pixmap->height(), 128);
        QCOMPARE(cache.pendingCount(), 0);

        const QString broken = m_tmp.filePath("broken2.jpg");
        QVERIFY(writeFile(broken, "nope"));
        QVERIFY(!cache.pixmap(broken, 128, 0));
        QVERIFY(ready.wait(5000));
        QVERIFY(cache.isBroken(broken, 128));
        QVERIFY(!cache.pixmap(broken, 128, 0)); // not retried
        QCOMPARE(cache.pendingCount(), 0);
    }

    void farRowsAreDropped()
    {
        ThumbnailCache cache;
        cache.pool()->setMaxThreadCount(1);
        cache.setVisibleRows(1000, 1010);
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        QVERIFY(!cache.pixmap(m_photo, 64, 0)); // row 0 is far from 1000..1010
        QTRY_COMPARE(cache.pendingCount(), 0);
        QCOMPARE(ready.count(), 0); // dropped, not delivered
        QVERIFY(!cache.isBroken(m_photo, 64));
        cache.setVisibleRows(0, 10); // scrolled back: asked again, delivered
        QVERIFY(!cache.pixmap(m_photo, 64, 0));
        QVERIFY(ready.wait(5000));
        QVERIFY(cache.pixmap(m_photo, 64, 0));
    }

    // A view that is not a browser row (Suspects) is served whatever the browser scrolled to.
    void alwaysWantedRequestsAreNotDropped()
    {
        ThumbnailCache cache;
        cache.setVisibleRows(1000, 1010);
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        QVERIFY(!cache.pixmap(m_photo, 96, ThumbnailCache::kAlwaysWanted));
        QVERIFY(ready.wait(5000));
        QVERIFY(cache.pixmap(m_photo, 96, ThumbnailCache::kAlwaysWanted));
        QCOMPARE(cache.state(m_photo, 96), PhotoState::Ready);
    }

    // The Suspects view asks for a photo the browser already asked for, for a row far away:
    // when the browser's load is dropped, the view's still arrives.
    void aDroppedLoadAnotherViewWantsIsLoaded()
    {
        ThumbnailCache cache;
        cache.pool()->setMaxThreadCount(1);
        cache.setVisibleRows(1000, 1010);
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        QVERIFY(!cache.pixmap(m_photo, 72, 0)); // the browser's, far from its rows: dropped
        QVERIFY(!cache.pixmap(m_photo, 72, ThumbnailCache::kAlwaysWanted)); // still pending
        QVERIFY(ready.wait(5000));
        QVERIFY(cache.pixmap(m_photo, 72, ThumbnailCache::kAlwaysWanted));
    }

    // A file that does not decode is broken; one that is gone is missing.
    void brokenAndMissingAreTold()
    {
        ThumbnailCache cache;
        const QString broken = m_tmp.filePath("broken3.jpg");
        const QString gone = m_tmp.filePath("gone.jpg");
        QVERIFY(writeFile(broken, "nope"));
        QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
        QCOMPARE(cache.state(broken, 128), PhotoState::Loading);
        cache.pixmap(broken, 128, ThumbnailCache::kAlwaysWanted);
        cache.pixmap(gone, 128, ThumbnailCache::kAlwaysWanted);
        QTRY_COMPARE(ready.count(), 2);
        QCOMPARE(cache.state(broken, 128), PhotoState::Broken);
        QCOMPARE(cache.state(gone, 128), PhotoState::Missing);
        QVERIFY(cache.isBroken(gone, 128)); // no picture either way: not asked again
    }

    void diskCacheIsTheUsersOwn()
    {
        QCOMPARE(ThumbnailCache().diskCacheDir(),
                 QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                     QStringLiteral("/MaskLab/thumbnails"));
    }
};

QTEST_MAIN(TestThumbnails)
#include "tst_thumbnails.moc"
