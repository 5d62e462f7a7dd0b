#pragma once
// Where the model looks: Grad-CAM (Selvaraju et al. 2017) for one head of a run's answer on one
// photo. The head's score is the log-probability of the head's answer (mask, gender or age
// group, summed over the other heads' classes), so a single-head and a three-head model are
// explained alike. No LibTorch in this header.

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <vector>

namespace masklab::trainer {

enum class ExplainHead
{
    Mask,
    Gender,
    Age
};
std::optional<ExplainHead> explainHeadFromName(const QString &name); // mask, gender, age

struct Explanation
{
    bool ok = false;
    QString error; // names the run or the photo
    int width = 0; // the model's input size: the heat map's
    int height = 0;
    std::vector<float> heat; // height x width, 0..1 (1: where the answer leans most)
    // The part of the photo the model sees (the config's crop box, in source pixels); none:
    // the whole photo.
    std::optional<std::array<int, 4>> crop;
    QString answer;           // the head's answer: "incorrect", "female", "middle"
    double probability = 0;   // the model's probability for it
    bool modelFailed = false; // the model ran and failed (a LibTorch error)
};

Explanation explainPhoto(const QString &runDir, const QString &checkpoint, const QString &photo,
                         ExplainHead head);
// The same for several photos with the model loaded once; one explanation per photo, in order.
std::vector<Explanation> explainPhotos(const QString &runDir, const QString &checkpoint,
                                       const QStringList &photos, ExplainHead head);

} // namespace masklab::trainer
