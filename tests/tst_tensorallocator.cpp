// keepTensorMemoryForReuse: a batch-sized block comes from the heap, not a fresh mapping, and
// freeing it does not hand the memory back (which made every batch fault its pages in again).

#include "tensorallocator.h"

#include <QTest>

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

class TestTensorAllocator : public QObject
{
    Q_OBJECT
private slots:
    void batchSizedBlocksStayInTheHeap()
    {
#if !defined(__GLIBC__)
        QSKIP("glibc only");
#else
        masklab::trainer::keepTensorMemoryForReuse();
        masklab::trainer::keepTensorMemoryForReuse(); // once per process; a second call is harmless
        constexpr size_t kBlock = 24 << 20;           // a batch's activations at 96x128
        const struct mallinfo2 before = mallinfo2();
        void *block = std::malloc(kBlock);
        QVERIFY(block);
        std::memset(block, 1, kBlock);
        const struct mallinfo2 held = mallinfo2();
        QCOMPARE(held.hblkhd, before.hblkhd); // no new mapping for it
        QVERIFY(held.arena >= before.arena + kBlock);
        std::free(block);
        const struct mallinfo2 after = mallinfo2();
        QCOMPARE(after.arena, held.arena); // the heap kept it for the next batch
#endif
    }
};

QTEST_APPLESS_MAIN(TestTensorAllocator)
#include "tst_tensorallocator.moc"
