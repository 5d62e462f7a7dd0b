#pragma once
// Classification metrics the competition is scored by: confusion matrix, per-class F1, macro F1
// (the ranking metric), accuracy, and the per-task views (mask 3x3, gender 2x2, age 3x3).

#include <QString>

#include <optional>

#include <vector>

namespace masklab {

class ConfusionMatrix
{
public:
    explicit ConfusionMatrix(int classes = 18);

    void add(int truth, int predicted, qint64 count = 1); // out-of-range labels are ignored
    int classes() const { return m_classes; }
    qint64 at(int truth, int predicted) const;
    qint64 total() const;

    double accuracy() const;
    // F1 of one class; 0 when the class has neither truth nor predictions.
    double f1(int cls) const;
    double precision(int cls) const;
    double recall(int cls) const;
    // Mean F1 over the classes present in the truth or the predictions (as scikit-learn's
    // f1_score(average="macro") with its default labels).
    double macroF1() const;

    // The 18-class matrix folded onto one task of class = mask*6 + gender*3 + age.
    ConfusionMatrix maskTask() const;
    ConfusionMatrix genderTask() const;
    ConfusionMatrix ageTask() const;

    // "truth\predicted,0,1,...\n0,n,n,...": rows are true classes.
    QString toCsv() const;
    // Reads what toCsv wrote; nothing when the text is not such a matrix.
    static std::optional<ConfusionMatrix> fromCsv(const QString &csv);

private:
    template <typename Fold> ConfusionMatrix folded(int classes, Fold fold) const;

    int m_classes;
    std::vector<qint64> m_counts;
};

} // namespace masklab
