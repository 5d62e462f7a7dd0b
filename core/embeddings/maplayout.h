#pragma once
// The embeddings map's layout: a neighbour-preserving 2-D picture of the photos, made the way
// UMAP makes it (McInnes et al. 2018): each point's k nearest neighbours become a fuzzy graph
// (nearer neighbours weigh more, each point's nearest at weight 1), and points are moved by
// stochastic gradient steps that pull graph neighbours together and push random pairs apart.
// No Debian C++ library does this; tst_embeddings and bench/embeddingmap.sh measure how well
// neighbourhoods survive against scikit-learn's t-SNE.

#include "neighbours.h"
#include "progress.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace masklab {

struct MapOptions
{
    int epochs = 0; // 0: 500 up to 10,000 points, 200 above (as umap-learn)
    int negativeSamples = 5;
    uint64_t seed = 1;
};

// From a neighbour graph and a starting layout (rows x 2, e.g. the first two principal
// components), the map's rows x 2 coordinates; nothing when cancelled.
std::optional<std::vector<float>> layoutMap(const NeighbourGraph &graph,
                                            const std::vector<float> &start,
                                            const MapOptions &options,
                                            const ProgressSink &progress = {});

// How well a map keeps neighbourhoods: the share of each point's k nearest neighbours in the
// original space that are also among its k nearest on the map, averaged over the points
// (1: all kept). Exact neighbours on both sides; `sample` points at most (evenly spaced).
double neighbourRecall(const std::vector<float> &values, int dims, const std::vector<float> &map,
                       int k, int sample = 2000);

} // namespace masklab
