#include "batchloader.h"

#include "random.h"

namespace masklab {

BatchLoader::BatchLoader(std::vector<Sample> samples, PipelineOptions options, int batchSize,
                         int workers, int prefetch)
    : m_samples(std::move(samples)), m_options(std::move(options)),
      m_batchSize(std::max(1, batchSize)), m_prefetch(std::max(1, prefetch))
{
    for (int i = 0; i < std::max(1, workers); ++i)
        m_workers.emplace_back([this] { work(); });
}

BatchLoader::~BatchLoader()
{
    stopWorkers();
}

void BatchLoader::stopWorkers()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    for (std::thread &t : m_workers)
        t.join();
    m_workers.clear();
}

int BatchLoader::batchesPerEpoch() const
{
    if (m_order) // the current epoch's (a rank's share is shorter than all samples)
        return m_batches;
    return int((m_samples.size() + size_t(m_batchSize) - 1) / size_t(m_batchSize));
}

void BatchLoader::startEpoch(std::vector<int> order, uint64_t seed, int firstBatch)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_batches = int((order.size() + size_t(m_batchSize) - 1) / size_t(m_batchSize));
        m_order = std::make_shared<const std::vector<int>>(std::move(order));
        m_seed = seed;
        ++m_epoch;
        m_nextToBuild = std::clamp(firstBatch, 0, m_batches);
        m_nextToGive = m_nextToBuild;
        m_ready.clear();
    }
    m_changed.notify_all();
}

Batch BatchLoader::build(int index, const std::vector<int> &order, uint64_t epochSeed) const
{
    Batch batch;
    batch.index = index;
    const size_t plane = 3 * size_t(m_options.width) * size_t(m_options.height);
    const size_t first = size_t(index) * size_t(m_batchSize);
    const size_t last = std::min(order.size(), first + size_t(m_batchSize));
    batch.images.resize((last - first) * plane);
    for (size_t i = first; i < last; ++i) {
        const int sample = order[i];
        // One seed per (epoch seed, sample): the same image gets the same augmentation
        // whichever worker builds it.
        const uint64_t seed = mixSeed(epochSeed, uint64_t(sample));
        float *out = batch.images.data() + size_t(batch.count) * plane;
        if (!loadSample(m_samples[size_t(sample)].path, m_options, seed, out)) {
            ++batch.failed;
            batch.failedSamples.push_back(sample);
            continue;
        }
        batch.labels.push_back(m_samples[size_t(sample)].label);
        batch.ages.push_back(float(m_samples[size_t(sample)].age));
        batch.samples.push_back(sample);
        ++batch.count;
    }
    batch.images.resize(size_t(batch.count) * plane);
    return batch;
}

void BatchLoader::work()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] {
            return m_stopping ||
                   (m_nextToBuild < m_batches && m_nextToBuild - m_nextToGive < m_prefetch);
        });
        if (m_stopping)
            return;
        const int index = m_nextToBuild++;
        const int epoch = m_epoch;
        const std::shared_ptr<const std::vector<int>> order = m_order;
        const uint64_t seed = m_seed;
        lock.unlock();
        Batch batch = build(index, *order, seed);
        lock.lock();
        if (epoch == m_epoch) {
            m_ready.emplace(index, std::move(batch));
            m_changed.notify_all();
        }
    }
}

std::optional<Batch> BatchLoader::next()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_nextToGive >= m_batches)
        return std::nullopt;
    m_changed.wait(lock, [this] { return m_stopping || m_ready.count(m_nextToGive) > 0; });
    if (m_stopping)
        return std::nullopt;
    auto it = m_ready.find(m_nextToGive);
    Batch batch = std::move(it->second);
    m_ready.erase(it);
    ++m_nextToGive;
    lock.unlock();
    m_changed.notify_all(); // room for another prefetched batch
    return batch;
}

} // namespace masklab
