#include "embeddingmap.h"

#include "pca.h"

#include <QElapsedTimer>

namespace masklab {

std::optional<EmbeddingMap>
mapEmbeddings(const EmbeddingTable &table, const MapSettings &settings,
              const ProgressSink &progress,
              const std::function<void(const std::vector<float> &)> &preview)
{
    QElapsedTimer clock;
    clock.start();
    EmbeddingMap map;
    const int rows = table.size();
    progress(QStringLiteral("Principal components"), 0, 1);
    const std::vector<float> unit = normalizedRows(table.values, rows, table.dims);
    const PcaProjection reduced =
        projectOnPrincipalComponents(unit, rows, table.dims, settings.searchDims);
    if (progress.cancelled())
        return std::nullopt;
    // The first two components of the reduced space are the first two of the original.
    map.preview.resize(size_t(rows) * 2);
    for (int i = 0; i < rows; ++i)
        for (int c = 0; c < 2; ++c)
            map.preview[size_t(i) * 2 + size_t(c)] =
                c < reduced.components
                    ? reduced.points[size_t(i) * size_t(reduced.components) + size_t(c)]
                    : 0.f;
    for (int c = 0; c < std::min(2, reduced.components); ++c)
        map.previewExplained += reduced.explained[size_t(c)];
    if (preview)
        preview(map.preview);
    progress(QStringLiteral("Finding neighbours"), 0, 1);
    const NeighbourSearch search(reduced.points, rows, reduced.components, false);
    const NeighbourGraph graph = search.graph(settings.neighbours);
    if (progress.cancelled())
        return std::nullopt;
    std::optional<std::vector<float>> points =
        layoutMap(graph, map.preview, settings.layout, progress);
    if (!points)
        return std::nullopt;
    map.points = std::move(*points);
    map.seconds = clock.elapsed() / 1000.0;
    return map;
}

SimilarPhotos::SimilarPhotos(const EmbeddingTable &table)
    : m_unit(normalizedRows(table.values, table.size(), table.dims)), m_dims(table.dims),
      m_search(std::make_unique<NeighbourSearch>(m_unit, table.size(), table.dims, true))
{
}

std::vector<std::pair<int, float>> SimilarPhotos::like(int photo, int k) const
{
    std::vector<std::pair<int, float>> found;
    for (const auto &[index, distance] :
         m_search->nearest(m_unit.data() + size_t(photo) * size_t(m_dims), k + 1)) {
        if (index == photo || int(found.size()) == k)
            continue;
        // For unit vectors |a - b|^2 = 2 - 2 cos(a, b).
        found.emplace_back(index, 1.f - distance * distance / 2);
    }
    return found;
}

} // namespace masklab
