#include "mapcolours.h"

#include "maskcolor.h"

#include <QCoreApplication>

namespace masklab::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("MapColours", text);
}

const QColor kUnlabelled(0xb0, 0xb0, 0xb0);

// Groups in a fixed order with their colours; value() of each photo picks one, -1 for the
// trailing "no label" group.
struct Scheme
{
    QStringList names;
    std::vector<QColor> colours;
};

QColor classColour(int index) // mask decides the hue, gender and age its shade
{
    const QColor base = maskColor(classLabel(index)->mask);
    const int shade = index % 6;
    return shade < 3 ? base.lighter(100 + 25 * shade) : base.darker(130 + 20 * (shade - 3));
}

Scheme schemeFor(ColourBy by)
{
    Scheme s;
    switch (by) {
    case ColourBy::Label:
    case ColourBy::Predicted:
        for (int c = 0; c < kClassCount; ++c) {
            s.names << className(c);
            s.colours.push_back(classColour(c));
        }
        break;
    case ColourBy::Mask:
        for (MaskState m : {MaskState::Wear, MaskState::Incorrect, MaskState::NotWear}) {
            s.names << maskStateName(m);
            s.colours.push_back(maskColor(m));
        }
        break;
    case ColourBy::Gender:
        s.names << genderName(Gender::Male) << genderName(Gender::Female);
        s.colours = {QColor(0x1e, 0x88, 0xe5), QColor(0xd8, 0x1b, 0x60)};
        break;
    case ColourBy::AgeGroup:
        s.names << ageGroupName(AgeGroup::Young) << ageGroupName(AgeGroup::Middle)
                << ageGroupName(AgeGroup::Old);
        s.colours = {QColor(0x43, 0xa0, 0x47), QColor(0xfb, 0x8c, 0x00), QColor(0x8e, 0x24, 0xaa)};
        break;
    case ColourBy::Age: // a decade per group, light to dark
        for (int decade = 0; decade < 8; ++decade) {
            s.names << (decade < 7 ? QStringLiteral("%1-%2").arg(decade * 10).arg(decade * 10 + 9)
                                   : QStringLiteral("70+"));
            s.colours.push_back(
                QColor::fromHsv(260 - decade * 30, 60 + decade * 25, 230 - decade * 15));
        }
        break;
    case ColourBy::Split:
        s.names << tr("train") << tr("validation") << tr("eval");
        s.colours = {QColor(0x54, 0x6e, 0x7a), QColor(0x00, 0x89, 0x7b), QColor(0xf4, 0x51, 0x1e)};
        break;
    case ColourBy::Correct:
        s.names << tr("answered right") << tr("answered wrong");
        s.colours = {QColor(0x9e, 0xc5, 0x9e), QColor(0xd3, 0x2f, 0x2f)};
        break;
    case ColourBy::Suspect:
        s.names << tr("not a suspect") << tr("suspect, score < 0.5") << tr("score 0.5-0.8")
                << tr("score 0.8 or more");
        s.colours = {QColor(0xcf, 0xd8, 0xdc), QColor(0xff, 0xcc, 0x80), QColor(0xfb, 0x8c, 0x00),
                     QColor(0xc6, 0x28, 0x28)};
        break;
    }
    return s;
}

// The group of one photo under `by`, or -1 when it has no label (eval photos) for it.
int groupOf(ColourBy by, const EmbeddedPhoto &photo, int person, const LabeledDataset &labels,
            const AgeThresholds &thresholds)
{
    if (by == ColourBy::Split)
        return int(photo.split);
    if (by == ColourBy::Predicted)
        return photo.predicted;
    if (person < 0 || photo.slot < 0)
        return -1;
    const ClassLabel label = labels.label(person, photo.slot, thresholds);
    switch (by) {
    case ColourBy::Label:
        return classIndex(label);
    case ColourBy::Mask:
        return int(label.mask);
    case ColourBy::Gender:
        return int(label.gender);
    case ColourBy::AgeGroup:
        return int(label.age);
    case ColourBy::Age:
        return std::clamp(labels.age(person) / 10, 0, 7);
    case ColourBy::Correct:
        return photo.predicted < 0 ? -1 : photo.predicted == classIndex(label) ? 0 : 1;
    case ColourBy::Split:
    case ColourBy::Predicted:
    case ColourBy::Suspect:
        break;
    }
    return -1;
}

int suspectGroup(double score)
{
    return score < 0 ? 0 : score < 0.5 ? 1 : score < 0.8 ? 2 : 3;
}

} // namespace

QString colourByName(ColourBy by)
{
    switch (by) {
    case ColourBy::Label:
        return tr("Label");
    case ColourBy::Mask:
        return tr("Mask");
    case ColourBy::Gender:
        return tr("Gender");
    case ColourBy::AgeGroup:
        return tr("Age group");
    case ColourBy::Age:
        return tr("Age (years)");
    case ColourBy::Split:
        return tr("Split");
    case ColourBy::Predicted:
        return tr("Run's answer");
    case ColourBy::Correct:
        return tr("Right or wrong");
    case ColourBy::Suspect:
        return tr("Suspect score");
    }
    return {};
}

std::vector<int> personIndexes(const EmbeddingTable &table, const LabeledDataset &labels)
{
    std::vector<int> persons;
    persons.reserve(table.photos.size());
    for (const EmbeddedPhoto &photo : table.photos) {
        // train/images/<folder>/<file>
        const QStringList parts = photo.path.split(u'/');
        persons.push_back(photo.split == PhotoSplit::Eval || parts.size() < 2
                              ? -1
                              : labels.indexOf(parts[parts.size() - 2]));
    }
    return persons;
}

MapColouring colourPhotos(ColourBy by, const EmbeddingTable &table, const LabeledDataset &labels,
                          const std::vector<int> &persons, const AgeThresholds &thresholds,
                          const std::vector<double> &suspectScores)
{
    const Scheme scheme = schemeFor(by);
    MapColouring colouring;
    colouring.names = scheme.names;
    colouring.colours = scheme.colours;
    const int unlabelled = int(scheme.names.size());
    colouring.names << (by == ColourBy::Suspect ? tr("eval, or no finder run")
                                                : tr("no label (eval)"));
    colouring.colours.push_back(kUnlabelled);
    colouring.counts.assign(colouring.names.size(), 0);
    colouring.group.reserve(table.photos.size());
    for (size_t i = 0; i < table.photos.size(); ++i) {
        int group = by == ColourBy::Suspect
                        ? (i < suspectScores.size() && table.photos[i].split != PhotoSplit::Eval
                               ? suspectGroup(suspectScores[i])
                               : -1)
                        : groupOf(by, table.photos[i], persons[i], labels, thresholds);
        if (group < 0 || group >= unlabelled)
            group = unlabelled;
        colouring.group.push_back(group);
        ++colouring.counts[size_t(group)];
    }
    return colouring;
}

} // namespace masklab::ui
