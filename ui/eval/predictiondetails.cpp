#include "predictiondetails.h"

#include "evalimagemodel.h"

#include <QCoreApplication>

#include <algorithm>
#include <numeric>

namespace masklab::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PredictionDetails", text);
}

// The probability of each value of one head: the classes summed over the other two.
template <int N, typename Of> std::array<float, N> marginal(const ClassProbabilities &p, Of valueOf)
{
    std::array<float, N> sums{};
    for (int c = 0; c < kClassCount; ++c)
        sums[size_t(valueOf(*classLabel(c)))] += p[size_t(c)];
    return sums;
}

template <size_t N>
QString headLine(const QString &head, const std::array<float, N> &sums, const QStringList &names)
{
    QStringList parts;
    for (size_t i = 0; i < N; ++i)
        parts << QStringLiteral("%1 %2").arg(names[int(i)].toHtmlEscaped()).arg(sums[i], 0, 'f', 2);
    return QStringLiteral("<b>%1</b>: %2").arg(head, parts.join(QStringLiteral(", ")));
}

} // namespace

QString predictionDetails(const EvalPredictions &predictions, int image,
                          const PredictionRequest &request, const AgeThresholds &thresholds)
{
    QString html = QStringLiteral("<b>%1</b><br>").arg(predictions.id(image).toHtmlEscaped());
    if (!predictions.decoded(image))
        return html + tr("The image did not decode; the submission answers 0.");
    const ClassProbabilities &p = predictions.probabilities(image);
    const int answer = predictions.answer(image);
    html += tr("Answer: <b>%1 (class %2)</b>, p = %3<br>")
                .arg(EvalImageModel::shortClassName(answer, thresholds).toHtmlEscaped())
                .arg(answer)
                .arg(p[size_t(answer)], 0, 'f', 3);
    html += headLine(tr("mask"),
                     marginal<kMaskStateCount>(p, [](const ClassLabel &l) { return int(l.mask); }),
                     {maskStateName(MaskState::Wear), maskStateName(MaskState::Incorrect),
                      maskStateName(MaskState::NotWear)}) +
            QStringLiteral("<br>");
    html += headLine(tr("gender"),
                     marginal<kGenderCount>(p, [](const ClassLabel &l) { return int(l.gender); }),
                     {genderName(Gender::Male), genderName(Gender::Female)}) +
            QStringLiteral("<br>");
    html += headLine(tr("age"),
                     marginal<kAgeGroupCount>(p, [](const ClassLabel &l) { return int(l.age); }),
                     {ageGroupRange(AgeGroup::Young, thresholds),
                      ageGroupRange(AgeGroup::Middle, thresholds),
                      ageGroupRange(AgeGroup::Old, thresholds)}) +
            QStringLiteral("<br>");
    std::array<int, kClassCount> order{};
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return p[size_t(a)] > p[size_t(b)]; });
    html += tr("<b>Most likely</b>:");
    for (int k = 0; k < 4; ++k)
        html +=
            QStringLiteral("<br>&nbsp;&nbsp;%1 %2: %3")
                .arg(order[size_t(k)])
                .arg(EvalImageModel::shortClassName(order[size_t(k)], thresholds).toHtmlEscaped())
                .arg(p[size_t(order[size_t(k)])], 0, 'f', 3);
    if (predictions.memberCount() > 1) {
        html += tr("<br><b>Members</b> (%1 of %2 agree):")
                    .arg(predictions.membersAgreeing(image))
                    .arg(predictions.memberCount());
        for (int m = 0; m < predictions.memberCount(); ++m) {
            const ClassProbabilities &own = predictions.memberProbabilities(m, image);
            const int said = int(std::max_element(own.begin(), own.end()) - own.begin());
            const QString name = size_t(m) < request.members.size()
                                     ? request.members[size_t(m)].name
                                     : QString::number(m + 1);
            html += QStringLiteral("<br>&nbsp;&nbsp;%1: %2 (%3)")
                        .arg(name.toHtmlEscaped(),
                             EvalImageModel::shortClassName(said, thresholds).toHtmlEscaped())
                        .arg(own[size_t(said)], 0, 'f', 2);
        }
    }
    return html;
}

} // namespace masklab::ui
