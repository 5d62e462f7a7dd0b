#pragma once
// Nearest neighbours among vectors, found by OpenCV's FLANN: randomised k-d trees for the map's
// neighbour graph (approximate, fast), a linear scan where it must be exact (a few queries, the
// quality measures).

#include <memory>
#include <vector>

namespace cv::flann {
class Index;
}

namespace masklab {

// Each point's k nearest other points, nearest first: rows x k indexes and Euclidean distances.
struct NeighbourGraph
{
    int rows = 0;
    int k = 0;
    std::vector<int> index;
    std::vector<float> distance;

    const int *neighboursOf(int point) const { return index.data() + size_t(point) * size_t(k); }
    const float *distancesOf(int point) const
    {
        return distance.data() + size_t(point) * size_t(k);
    }
};

class NeighbourSearch
{
public:
    // values: rows x dims, kept by reference while the search lives. exact: linear scan.
    NeighbourSearch(const std::vector<float> &values, int rows, int dims, bool exact);
    ~NeighbourSearch();
    NeighbourSearch(const NeighbourSearch &) = delete;
    NeighbourSearch &operator=(const NeighbourSearch &) = delete;

    // The k nearest points to a vector of dims values, nearest first, as (index, distance).
    std::vector<std::pair<int, float>> nearest(const float *query, int k) const;
    // Every point's k nearest others (the point itself left out).
    NeighbourGraph graph(int k) const;

private:
    const std::vector<float> &m_values;
    int m_rows;
    int m_dims;
    bool m_exact;
    std::unique_ptr<cv::flann::Index> m_index;
};

} // namespace masklab
