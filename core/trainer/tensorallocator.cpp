#include "tensorallocator.h"

#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace masklab::trainer {

void keepTensorMemoryForReuse()
{
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        // Never shrink the heap, and take blocks up to glibc's largest threshold (32 MB) from
        // it rather than from new mappings. Larger blocks are still mapped each time.
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        mallopt(M_TOP_PAD, 64 << 20);
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
    });
#endif
}

} // namespace masklab::trainer
