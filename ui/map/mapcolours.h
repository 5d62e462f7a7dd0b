#pragma once
// What the map's dots are coloured by: the label in effect now (or one head of it), the age in
// years, the split, the run's answer, or whether that answer is right. Labels are read from the
// session at the moment of colouring, so a relabel recolours the dots without embedding again.

#include "embeddingtable.h"
#include "labeleddataset.h"

#include <QColor>
#include <QStringList>

#include <vector>

namespace masklab::ui {

enum class ColourBy
{
    Label,
    Mask,
    Gender,
    AgeGroup,
    Age,
    Split,
    Predicted,
    Correct,
    Suspect // the label-error finder's score for the photo
};
QString colourByName(ColourBy by);

struct MapColouring
{
    std::vector<int> group; // per photo, an index into names and colours
    QStringList names;      // the legend, in drawing order
    std::vector<QColor> colours;
    std::vector<int> counts; // photos per group
};

// Each photo's person index in the session's dataset (by its folder), -1 for eval photos and
// photos of folders the dataset no longer has.
std::vector<int> personIndexes(const EmbeddingTable &table, const LabeledDataset &labels);

// persons: personIndexes() of the same table and labels. suspectScores: per photo, the
// finder's probability that its label is wrong (-1: not a suspect); empty: no finder run.
MapColouring colourPhotos(ColourBy by, const EmbeddingTable &table, const LabeledDataset &labels,
                          const std::vector<int> &persons, const AgeThresholds &thresholds,
                          const std::vector<double> &suspectScores = {});

} // namespace masklab::ui
