#pragma once
// A small deterministic RNG (SplitMix64): the same seed gives the same dataset on every
// platform and standard library, which std::*_distribution does not promise.

#include <cstdint>
#include <vector>

namespace masklab {

class Rng
{
public:
    explicit Rng(uint64_t seed) : m_state(seed) {}

    uint64_t next()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); } // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int range(int lo, int hi) { return lo + int(next() % uint64_t(hi - lo + 1)); } // [lo, hi]
    bool chance(double p) { return uniform() < p; }
    // Index drawn with probability proportional to its weight.
    int weighted(const std::vector<double> &weights)
    {
        double total = 0;
        for (double w : weights)
            total += w;
        double x = uniform() * total;
        for (size_t i = 0; i < weights.size(); ++i) {
            if (x < weights[i])
                return int(i);
            x -= weights[i];
        }
        return int(weights.size()) - 1;
    }

private:
    uint64_t m_state;
};

// Derives independent seeds for sub-streams (person i, photo j) from one seed.
inline uint64_t mixSeed(uint64_t seed, uint64_t a, uint64_t b = 0)
{
    Rng rng(seed ^ (a * 0xD1B54A32D192ED03ull) ^ (b * 0xABC98388FB8FAC03ull));
    rng.next();
    return rng.next();
}

} // namespace masklab
