#pragma once
// parallelFor: runs body(i) for i in [0, count) on a few threads pulling indices from a counter;
// availableCores: how many cores this process may use.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <thread>
#include <vector>

namespace masklab {

// MASKLAB_CORES when it is a positive number (a queue that runs N entries at once gives each
// child process its share this way), else the machine's cores.
inline int availableCores()
{
    const char *share = std::getenv("MASKLAB_CORES");
    const long cores = share ? std::strtol(share, nullptr, 10) : 0;
    return cores > 0 ? int(std::min(cores, 4096L))
                     : int(std::max(1u, std::thread::hardware_concurrency()));
}

// threads <= 0 means one per available core. Stops handing out work once stop() returns true.
// Returns the number of indices that were run.
template <typename Body, typename Stop>
int64_t parallelFor(int64_t count, int threads, Body body, Stop stop)
{
    if (threads <= 0)
        threads = availableCores();
    threads = int(std::min<int64_t>(threads, std::max<int64_t>(count, 1)));
    std::atomic<int64_t> next{0};
    std::atomic<int64_t> ran{0};
    auto worker = [&] {
        for (;;) {
            if (stop())
                return;
            const int64_t i = next.fetch_add(1);
            if (i >= count)
                return;
            body(i);
            ran.fetch_add(1);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (std::thread &thread : pool)
        thread.join();
    return ran.load();
}

template <typename Body> int64_t parallelFor(int64_t count, int threads, Body body)
{
    return parallelFor(count, threads, body, [] { return false; });
}

} // namespace masklab
