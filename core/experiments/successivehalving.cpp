#include "successivehalving.h"

#include <algorithm>
#include <cmath>

namespace masklab {

std::vector<int> pointsKeptAtRung(std::vector<RungStanding> standings, double keep)
{
    std::sort(standings.begin(), standings.end(), [](const RungStanding &a, const RungStanding &b) {
        return a.bestF1 != b.bestF1 ? a.bestF1 > b.bestF1 : a.point < b.point;
    });
    // 1e-9: 0.1 * 30 computes as 3.0000000000000004, which must keep 3, not 4.
    const auto kept =
        std::max<size_t>(1, size_t(std::ceil(keep * double(standings.size()) - 1e-9)));
    std::vector<int> points;
    for (size_t i = 0; i < std::min(kept, standings.size()); ++i)
        points.push_back(standings[i].point);
    std::sort(points.begin(), points.end());
    return points;
}

} // namespace masklab
