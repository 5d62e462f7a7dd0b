#pragma once
// The predictions for an eval set: per image, the 18 class probabilities of each member run and
// of the ensemble (their mean), read from and written to the probabilities CSV
// (ImageID,p0..p17) that `masklab-cli predict` writes beside a submission.

#include "labels.h"

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <vector>

namespace masklab {

using ClassProbabilities = std::array<float, kClassCount>;

// One run of an ensemble: its folder, the checkpoint ("best" or "last") and a short name.
struct PredictionMember
{
    QString runDir;
    QString checkpoint = QStringLiteral("best");
    QString name; // for lists and messages: the run folder's name, "finder/3f2a/fold-2"
};

class EvalPredictions
{
public:
    EvalPredictions() = default;
    // members x images tables, every one with ids.size() rows. The ensemble is their mean over
    // the 18 classes: members may have one head or three, and the mean of the joint
    // probabilities is what the 18-class answer (and macro F1) is scored on.
    EvalPredictions(QStringList ids, std::vector<std::vector<ClassProbabilities>> members,
                    std::vector<bool> decoded);

    int imageCount() const { return int(m_ids.size()); }
    int memberCount() const { return int(m_members.size()); }
    const QStringList &ids() const { return m_ids; }
    const QString &id(int image) const { return m_ids[image]; }
    const ClassProbabilities &probabilities(int image) const { return m_mean[size_t(image)]; }
    const ClassProbabilities &memberProbabilities(int member, int image) const;
    bool decoded(int image) const { return m_decoded[size_t(image)]; }
    QStringList undecodable() const;

    // The ensemble's class (an image that did not decode: 0, as the submission says) and its
    // probability.
    int answer(int image) const;
    float confidence(int image) const;
    // How many members' own answer is the ensemble's answer.
    int membersAgreeing(int image) const;
    std::vector<int> answers() const;

    // How many images are answered each class.
    std::array<int, kClassCount> answerCounts() const;

private:
    QStringList m_ids;
    std::vector<std::vector<ClassProbabilities>> m_members;
    std::vector<ClassProbabilities> m_mean;
    std::vector<bool> m_decoded;
};

// The probabilities CSV: header ImageID,p0..p17, one row per image in order.
QString probabilitiesText(const QStringList &ids, const std::vector<ClassProbabilities> &rows);
// Reads one; nothing when it is not one (error: "<path>: line <n>: <reason>").
std::optional<std::pair<QStringList, std::vector<ClassProbabilities>>>
readProbabilitiesFile(const QString &path, QString *error);

} // namespace masklab
