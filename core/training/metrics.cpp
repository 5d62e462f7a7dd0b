#include "metrics.h"

#include <QStringList>

namespace masklab {

ConfusionMatrix::ConfusionMatrix(int classes)
    : m_classes(classes), m_counts(size_t(classes) * size_t(classes), 0)
{
}

void ConfusionMatrix::add(int truth, int predicted, qint64 count)
{
    if (truth < 0 || truth >= m_classes || predicted < 0 || predicted >= m_classes)
        return;
    m_counts[size_t(truth) * size_t(m_classes) + size_t(predicted)] += count;
}

qint64 ConfusionMatrix::at(int truth, int predicted) const
{
    return m_counts[size_t(truth) * size_t(m_classes) + size_t(predicted)];
}

qint64 ConfusionMatrix::total() const
{
    qint64 n = 0;
    for (qint64 c : m_counts)
        n += c;
    return n;
}

double ConfusionMatrix::accuracy() const
{
    qint64 correct = 0;
    for (int c = 0; c < m_classes; ++c)
        correct += at(c, c);
    const qint64 n = total();
    return n > 0 ? double(correct) / double(n) : 0.0;
}

double ConfusionMatrix::precision(int cls) const
{
    qint64 predicted = 0;
    for (int t = 0; t < m_classes; ++t)
        predicted += at(t, cls);
    return predicted > 0 ? double(at(cls, cls)) / double(predicted) : 0.0;
}

double ConfusionMatrix::recall(int cls) const
{
    qint64 actual = 0;
    for (int p = 0; p < m_classes; ++p)
        actual += at(cls, p);
    return actual > 0 ? double(at(cls, cls)) / double(actual) : 0.0;
}

double ConfusionMatrix::f1(int cls) const
{
    // 2TP / (2TP + FP + FN): the same as 2PR/(P+R), and defined when P or R is undefined.
    qint64 fp = 0;
    qint64 fn = 0;
    for (int other = 0; other < m_classes; ++other) {
        if (other == cls)
            continue;
        fp += at(other, cls);
        fn += at(cls, other);
    }
    const qint64 tp = at(cls, cls);
    const qint64 denominator = 2 * tp + fp + fn;
    return denominator > 0 ? 2.0 * double(tp) / double(denominator) : 0.0;
}

double ConfusionMatrix::macroF1() const
{
    double sum = 0;
    int present = 0;
    for (int c = 0; c < m_classes; ++c) {
        qint64 seen = 0;
        for (int other = 0; other < m_classes; ++other)
            seen += at(c, other) + at(other, c);
        if (seen == 0)
            continue;
        sum += f1(c);
        ++present;
    }
    return present > 0 ? sum / present : 0.0;
}

template <typename Fold> ConfusionMatrix ConfusionMatrix::folded(int classes, Fold fold) const
{
    ConfusionMatrix result(classes);
    for (int t = 0; t < m_classes; ++t)
        for (int p = 0; p < m_classes; ++p)
            result.add(fold(t), fold(p), at(t, p));
    return result;
}

ConfusionMatrix ConfusionMatrix::maskTask() const
{
    return folded(3, [](int c) { return c / 6; });
}

ConfusionMatrix ConfusionMatrix::genderTask() const
{
    return folded(2, [](int c) { return (c / 3) % 2; });
}

ConfusionMatrix ConfusionMatrix::ageTask() const
{
    return folded(3, [](int c) { return c % 3; });
}

QString ConfusionMatrix::toCsv() const
{
    QString csv = QStringLiteral("truth\\predicted");
    for (int p = 0; p < m_classes; ++p)
        csv += u',' + QString::number(p);
    csv += u'\n';
    for (int t = 0; t < m_classes; ++t) {
        csv += QString::number(t);
        for (int p = 0; p < m_classes; ++p)
            csv += u',' + QString::number(at(t, p));
        csv += u'\n';
    }
    return csv;
}

std::optional<ConfusionMatrix> ConfusionMatrix::fromCsv(const QString &csv)
{
    const QStringList lines = csv.split(u'\n', Qt::SkipEmptyParts);
    const int classes = int(lines.value(0).split(u',').size()) - 1;
    if (classes < 1 || lines.size() != classes + 1)
        return std::nullopt;
    ConfusionMatrix m(classes);
    for (int t = 0; t < classes; ++t) {
        const QStringList cells = lines[t + 1].trimmed().split(u',');
        if (cells.size() != classes + 1)
            return std::nullopt;
        for (int p = 0; p < classes; ++p) {
            bool ok = false;
            const qint64 count = cells[p + 1].toLongLong(&ok);
            if (!ok || count < 0)
                return std::nullopt;
            m.add(t, p, count);
        }
    }
    return m;
}

} // namespace masklab
