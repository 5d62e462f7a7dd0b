#pragma once
// Batches for training and evaluation, built by worker threads ahead of the consumer (so the
// model never waits for images when it need not), delivered in order, bounded by a prefetch
// depth. Decoding failures are counted, never fatal.

#include "imagepipeline.h"
#include "samples.h"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace masklab {

struct Batch
{
    int index = 0;
    std::vector<float> images;   // count x 3 x H x W
    std::vector<int64_t> labels; // count
    std::vector<float> ages;     // count: the samples' ages in years (-1: unknown)
    std::vector<int> samples;    // indexes into the sample list
    int count = 0;
    int failed = 0;                 // photos that did not decode (left out of the batch)
    std::vector<int> failedSamples; // which ones, as indexes into the sample list
};

class BatchLoader
{
public:
    BatchLoader(std::vector<Sample> samples, PipelineOptions options, int batchSize, int workers,
                int prefetch = 4);
    ~BatchLoader();
    BatchLoader(const BatchLoader &) = delete;
    BatchLoader &operator=(const BatchLoader &) = delete;

    // Starts an epoch over order (indexes into the samples); seed varies the augmentation.
    // firstBatch > 0 skips that many batches (a run resumed in the middle of an epoch).
    void startEpoch(std::vector<int> order, uint64_t seed, int firstBatch = 0);
    // The next batch in order; nothing at the end of the epoch.
    std::optional<Batch> next();
    // Batches of the current epoch (before the first: of all the samples).
    int batchesPerEpoch() const;
    const std::vector<Sample> &samples() const { return m_samples; }
    const PipelineOptions &options() const { return m_options; }

private:
    void work();
    Batch build(int index, const std::vector<int> &order, uint64_t seed) const;
    void stopWorkers();

    const std::vector<Sample> m_samples;
    const PipelineOptions m_options;
    const int m_batchSize;
    const int m_prefetch;
    std::vector<std::thread> m_workers;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::shared_ptr<const std::vector<int>> m_order; // replaced, never changed, per epoch
    uint64_t m_seed = 0;
    int m_epoch = 0;       // bumps on startEpoch, so stale work is dropped
    int m_nextToBuild = 0; // batch index
    int m_nextToGive = 0;
    int m_batches = 0;
    std::map<int, Batch> m_ready;
    bool m_stopping = false;
};

} // namespace masklab
