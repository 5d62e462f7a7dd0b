#pragma once
// The early-stopping decision of a sweep at one rung, on metrics alone (no files, no training):
// given each surviving point's best validation macro F1 up to the rung's epoch, which go on.

#include <vector>

namespace masklab {

struct RungStanding
{
    int point = 0;     // the sweep point's index
    double bestF1 = 0; // its best validation macro F1 in the epochs up to the rung
};

// The points that go on: the best ceil(keep * n) of them (at least one), the better F1 first,
// a tie to the lower index (the order the sweep listed them), so a resumed sweep decides the same.
std::vector<int> pointsKeptAtRung(std::vector<RungStanding> standings, double keep);

} // namespace masklab
