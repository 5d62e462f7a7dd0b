#include "evalpredictions.h"

#include "csvtable.h"

#include <algorithm>

namespace masklab {

namespace {

int argmax(const ClassProbabilities &p)
{
    return int(std::max_element(p.begin(), p.end()) - p.begin());
}

} // namespace

EvalPredictions::EvalPredictions(QStringList ids,
                                 std::vector<std::vector<ClassProbabilities>> members,
                                 std::vector<bool> decoded)
    : m_ids(std::move(ids)), m_members(std::move(members)), m_decoded(std::move(decoded))
{
    m_mean.assign(size_t(m_ids.size()), ClassProbabilities{});
    if (m_members.empty())
        return;
    const float weight = 1.0f / float(m_members.size());
    for (const std::vector<ClassProbabilities> &member : m_members)
        for (size_t i = 0; i < m_mean.size(); ++i)
            for (int c = 0; c < kClassCount; ++c)
                m_mean[i][size_t(c)] += weight * member[i][size_t(c)];
}

const ClassProbabilities &EvalPredictions::memberProbabilities(int member, int image) const
{
    return m_members[size_t(member)][size_t(image)];
}

QStringList EvalPredictions::undecodable() const
{
    QStringList ids;
    for (int i = 0; i < imageCount(); ++i)
        if (!decoded(i))
            ids << m_ids[i];
    return ids;
}

int EvalPredictions::answer(int image) const
{
    return decoded(image) ? argmax(m_mean[size_t(image)]) : 0;
}

float EvalPredictions::confidence(int image) const
{
    return decoded(image) ? m_mean[size_t(image)][size_t(answer(image))] : 0.0f;
}

int EvalPredictions::membersAgreeing(int image) const
{
    const int ensemble = answer(image);
    return int(std::count_if(m_members.begin(), m_members.end(), [&](const auto &member) {
        return argmax(member[size_t(image)]) == ensemble;
    }));
}

std::vector<int> EvalPredictions::answers() const
{
    std::vector<int> result(static_cast<size_t>(imageCount()));
    for (int i = 0; i < imageCount(); ++i)
        result[size_t(i)] = answer(i);
    return result;
}

std::array<int, kClassCount> EvalPredictions::answerCounts() const
{
    std::array<int, kClassCount> counts{};
    for (int i = 0; i < imageCount(); ++i)
        if (decoded(i))
            ++counts[size_t(answer(i))];
    return counts;
}

QString probabilitiesText(const QStringList &ids, const std::vector<ClassProbabilities> &rows)
{
    QString text = QStringLiteral("ImageID");
    for (int c = 0; c < kClassCount; ++c)
        text += QStringLiteral(",p%1").arg(c);
    text += u'\n';
    for (int i = 0; i < ids.size(); ++i) {
        text += csvEscape(ids[i]);
        for (float v : rows[size_t(i)])
            text += u',' + QString::number(v, 'g', 9); // 9 digits: the float back exactly
        text += u'\n';
    }
    return text;
}

std::optional<std::pair<QStringList, std::vector<ClassProbabilities>>>
readProbabilitiesFile(const QString &path, QString *error)
{
    const std::optional<CsvTable> table = readStrictCsvFile(path, error);
    if (!table)
        return std::nullopt;
    if (table->header.size() != 1 + kClassCount || table->header[0] != QLatin1String("ImageID")) {
        *error = fileLineError(path, 1, QStringLiteral("the header must be ImageID,p0,...,p17"));
        return std::nullopt;
    }
    std::pair<QStringList, std::vector<ClassProbabilities>> result;
    for (const CsvRecord &record : table->records) {
        if (record.fields.size() != 1 + kClassCount) {
            *error = fileLineError(path, record.line,
                                   QStringLiteral("expected %1 fields, found %2")
                                       .arg(1 + kClassCount)
                                       .arg(record.fields.size()));
            return std::nullopt;
        }
        ClassProbabilities p{};
        for (int c = 0; c < kClassCount; ++c) {
            bool ok = false;
            p[size_t(c)] = record.fields[c + 1].toFloat(&ok);
            if (!ok || !(p[size_t(c)] >= 0.0f && p[size_t(c)] <= 1.0f)) {
                *error = fileLineError(path, record.line,
                                       QStringLiteral("p%1 must be a probability, found \"%2\"")
                                           .arg(c)
                                           .arg(record.fields[c + 1]));
                return std::nullopt;
            }
        }
        result.first << record.fields[0];
        result.second.push_back(p);
    }
    return result;
}

} // namespace masklab
