#pragma once
// From embeddings to the map and to "more like this": vectors scaled to length 1 (cosine
// similarity), principal components for a first picture and fewer dimensions, the neighbour
// graph there, and the layout (maplayout.h).

#include "embeddingtable.h"
#include "maplayout.h"

#include <memory>

namespace masklab {

struct MapSettings
{
    int searchDims = 50; // principal components the neighbour graph is built in
    int neighbours = 15; // k of the graph (umap-learn's default)
    MapOptions layout;
};

struct EmbeddingMap
{
    std::vector<float> preview;  // rows x 2: the first two principal components
    std::vector<float> points;   // rows x 2: the neighbour-preserving layout
    double previewExplained = 0; // the variance share the preview shows
    double seconds = 0;
};

// The map of a table's rows; nothing when cancelled. progress names each step. preview is
// called with the principal components' picture as soon as it exists.
std::optional<EmbeddingMap>
mapEmbeddings(const EmbeddingTable &table, const MapSettings &settings,
              const ProgressSink &progress = {},
              const std::function<void(const std::vector<float> &)> &preview = {});

// Nearest photos by cosine similarity of their embeddings, over the whole table (exact).
class SimilarPhotos
{
public:
    explicit SimilarPhotos(const EmbeddingTable &table);
    // The k photos most like row `photo` (itself left out), most alike first, with their
    // cosine similarity.
    std::vector<std::pair<int, float>> like(int photo, int k) const;

private:
    std::vector<float> m_unit;
    int m_dims;
    std::unique_ptr<NeighbourSearch> m_search;
};

} // namespace masklab
