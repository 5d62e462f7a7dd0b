#include "maplayout.h"

#include "random.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace masklab {

namespace {

// The map's attraction curve 1 / (1 + a d^(2b)), as umap-learn fits it to min_dist 0.1 and
// spread 1 (its defaults): how tightly neighbours pack.
constexpr double kA = 1.5769;
constexpr double kB = 0.8951;
constexpr double kClip = 4.0; // largest step per coordinate (as umap-learn)

struct Edge
{
    int from;
    int to;
    double weight;
};

// One point's membership weights to its neighbours: the nearest at 1, the others decaying so
// that they add up to log2(k) (UMAP's smooth kNN distance).
void memberships(const float *distances, int k, double *weights)
{
    double rho = 0; // distance to the nearest distinct neighbour
    double mean = 0;
    for (int j = 0; j < k; ++j) {
        mean += distances[j] / k;
        if (rho == 0 && distances[j] > 0)
            rho = distances[j];
    }
    const double target = std::log2(double(k));
    double lo = 0, hi = INFINITY, sigma = 1;
    for (int step = 0; step < 64; ++step) {
        double sum = 0;
        for (int j = 0; j < k; ++j)
            sum += std::exp(-std::max(0.0, distances[j] - rho) / sigma);
        if (std::abs(sum - target) < 1e-5)
            break;
        if (sum > target)
            hi = sigma;
        else
            lo = sigma;
        sigma = std::isinf(hi) ? sigma * 2 : (lo + hi) / 2;
    }
    sigma = std::max(sigma, 1e-3 * mean);
    for (int j = 0; j < k; ++j)
        weights[j] = sigma > 0 ? std::exp(-std::max(0.0, distances[j] - rho) / sigma) : 1.0;
}

// The fuzzy union of every point's memberships, as directed edges both ways.
std::vector<Edge> fuzzyGraph(const NeighbourGraph &graph)
{
    std::unordered_map<uint64_t, std::pair<double, double>> pairs; // (low, high) -> weights
    std::vector<double> weights(size_t(graph.k));
    for (int i = 0; i < graph.rows; ++i) {
        memberships(graph.distancesOf(i), graph.k, weights.data());
        for (int j = 0; j < graph.k; ++j) {
            const int other = graph.neighboursOf(i)[j];
            if (other == i)
                continue;
            const auto low = uint64_t(std::min(i, other)), high = uint64_t(std::max(i, other));
            auto &pair = pairs[low << 32 | high];
            (i < other ? pair.first : pair.second) =
                std::max(i < other ? pair.first : pair.second, weights[size_t(j)]);
        }
    }
    std::vector<Edge> edges;
    edges.reserve(pairs.size() * 2);
    for (const auto &[key, w] : pairs) {
        const int a = int(key >> 32), b = int(key & 0xffffffffu);
        const double weight = w.first + w.second - w.first * w.second;
        edges.push_back({a, b, weight});
        edges.push_back({b, a, weight});
    }
    // A fixed order, so the same input gives the same map whatever the hash table did.
    std::sort(edges.begin(), edges.end(), [](const Edge &x, const Edge &y) {
        return x.from != y.from ? x.from < y.from : x.to < y.to;
    });
    return edges;
}

// Every column scaled into [0, 10], where UMAP starts its layout.
std::vector<double> scaledStart(const std::vector<float> &start, int rows)
{
    std::vector<double> y(start.begin(), start.begin() + size_t(rows) * 2);
    for (int c = 0; c < 2; ++c) {
        double lo = INFINITY, hi = -INFINITY;
        for (int i = 0; i < rows; ++i) {
            lo = std::min(lo, y[size_t(i) * 2 + size_t(c)]);
            hi = std::max(hi, y[size_t(i) * 2 + size_t(c)]);
        }
        for (int i = 0; i < rows; ++i) {
            double &v = y[size_t(i) * 2 + size_t(c)];
            v = hi > lo ? 10 * (v - lo) / (hi - lo) : 0;
        }
    }
    return y;
}

double clip(double v)
{
    return std::clamp(v, -kClip, kClip);
}

// The stochastic gradient layout (umap-learn's optimize_layout_euclidean, one thread).
class LayoutOptimizer
{
public:
    LayoutOptimizer(const std::vector<Edge> &edges, std::vector<double> y, int rows, int epochs,
                    const MapOptions &options)
        : m_y(std::move(y)), m_rows(rows), m_epochs(epochs), m_negatives(options.negativeSamples),
          m_rng(options.seed)
    {
        double top = 0;
        for (const Edge &e : edges)
            top = std::max(top, e.weight);
        // Each edge is sampled in proportion to its weight; those too light to be sampled once
        // in the whole run are dropped (as umap-learn does).
        for (const Edge &e : edges) {
            if (e.weight < top / m_epochs)
                continue;
            m_kept.push_back(e);
            m_period.push_back(top / e.weight);
        }
        m_nextSample = m_period;
        for (double p : m_period)
            m_nextNegative.push_back(p / std::max(1, m_negatives));
    }

    void runEpoch(int epoch)
    {
        const double alpha = 1.0 - double(epoch) / m_epochs;
        for (size_t e = 0; e < m_kept.size(); ++e) {
            if (m_nextSample[e] > epoch)
                continue;
            attract(m_kept[e].from, m_kept[e].to, alpha);
            m_nextSample[e] += m_period[e];
            const double negativePeriod = m_period[e] / std::max(1, m_negatives);
            const int negatives = int((epoch - m_nextNegative[e]) / negativePeriod);
            for (int s = 0; s < negatives; ++s)
                repel(m_kept[e].from, int(m_rng.next() % uint64_t(m_rows)), alpha);
            m_nextNegative[e] += negatives * negativePeriod;
        }
    }

    std::vector<float> layout() const { return {m_y.begin(), m_y.end()}; }

private:
    double *point(int i) { return m_y.data() + size_t(i) * 2; }

    void attract(int i, int j, double alpha)
    {
        double *a = point(i), *b = point(j);
        const double d2 = (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
        if (d2 <= 0)
            return;
        const double coeff = -2 * kA * kB * std::pow(d2, kB - 1) / (kA * std::pow(d2, kB) + 1);
        for (int c = 0; c < 2; ++c) {
            const double g = clip(coeff * (a[c] - b[c])) * alpha;
            a[c] += g;
            b[c] -= g;
        }
    }

    void repel(int i, int k, double alpha)
    {
        if (i == k)
            return;
        double *a = point(i), *b = point(k);
        const double d2 = (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
        const double coeff = d2 > 0 ? 2 * kB / ((0.001 + d2) * (kA * std::pow(d2, kB) + 1)) : 0;
        if (coeff <= 0) // the same spot: no direction to push in (as umap-learn 0.5)
            return;
        for (int c = 0; c < 2; ++c)
            a[c] += clip(coeff * (a[c] - b[c])) * alpha;
    }

    std::vector<double> m_y;
    int m_rows;
    int m_epochs;
    int m_negatives;
    Rng m_rng;
    std::vector<Edge> m_kept;
    std::vector<double> m_period, m_nextSample, m_nextNegative;
};

} // namespace

std::optional<std::vector<float>> layoutMap(const NeighbourGraph &graph,
                                            const std::vector<float> &start,
                                            const MapOptions &options, const ProgressSink &progress)
{
    const int rows = graph.rows;
    if (rows < 3 || graph.k == 0 || start.size() < size_t(rows) * 2)
        return start;
    const int epochs = options.epochs > 0 ? options.epochs : rows <= 10000 ? 500 : 200;
    LayoutOptimizer optimizer(fuzzyGraph(graph), scaledStart(start, rows), rows, epochs, options);
    const QString phase = QStringLiteral("Laying out the map");
    for (int epoch = 0; epoch < epochs; ++epoch) {
        if (progress.cancelled())
            return std::nullopt;
        optimizer.runEpoch(epoch);
        progress(phase, epoch + 1, epochs);
    }
    return optimizer.layout();
}

double neighbourRecall(const std::vector<float> &values, int dims, const std::vector<float> &map,
                       int k, int sample)
{
    const int rows = int(map.size() / 2);
    if (rows <= k || k <= 0)
        return 1.0;
    const NeighbourSearch original(values, rows, dims, true);
    const NeighbourSearch flat(map, rows, 2, true);
    const int step = std::max(1, rows / std::max(1, sample));
    double sum = 0;
    int counted = 0;
    for (int i = 0; i < rows; i += step) {
        auto near = original.nearest(values.data() + size_t(i) * size_t(dims), k + 1);
        auto mapped = flat.nearest(map.data() + size_t(i) * 2, k + 1);
        std::vector<int> a, b;
        for (const auto &[index, distance] : near)
            if (index != i && int(a.size()) < k)
                a.push_back(index);
        for (const auto &[index, distance] : mapped)
            if (index != i && int(b.size()) < k)
                b.push_back(index);
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        std::vector<int> both;
        std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
        sum += double(both.size()) / k;
        ++counted;
    }
    return sum / counted;
}

} // namespace masklab
