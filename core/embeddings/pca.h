#pragma once
// Principal components of a set of vectors: the map's first picture (shown at once, before the
// neighbour-preserving layout is done), that layout's starting point, and the fewer dimensions
// its neighbour search runs in.

#include <vector>

namespace masklab {

struct PcaProjection
{
    int components = 0;
    std::vector<float> points;     // rows x components, centred
    std::vector<double> explained; // each component's share of the total variance
};

// Projects rows x dims onto the first `components` principal components (at most dims and rows).
PcaProjection projectOnPrincipalComponents(const std::vector<float> &values, int rows, int dims,
                                           int components);

// Each row scaled to length 1 (rows of zeros stay zero), so Euclidean distance orders
// neighbours as cosine similarity does.
std::vector<float> normalizedRows(const std::vector<float> &values, int rows, int dims);

} // namespace masklab
