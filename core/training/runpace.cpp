#include "runpace.h"

#include "runrecord.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace masklab {

namespace {

double median(std::vector<double> values)
{
    std::nth_element(values.begin(), values.begin() + long(values.size() / 2), values.end());
    return values[values.size() / 2];
}

bool samePace(const TrainConfig &a, const TrainConfig &b)
{
    return a.model.architecture == b.model.architecture && a.model.width == b.model.width &&
           a.data.inputWidth == b.data.inputWidth && a.data.inputHeight == b.data.inputHeight &&
           a.train.batchSize == b.train.batchSize;
}

} // namespace

std::optional<Pace> earlierPace(const QString &workspaceDir, const TrainConfig &config)
{
    QStringList dirs = listRunFolders(workspaceDir);
    const QDir finderDir(workspaceDir + QStringLiteral("/finder"));
    for (const QString &run : finderDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        for (const QString &fold :
             QDir(finderDir.filePath(run)).entryList({QStringLiteral("fold-*")}, QDir::Dirs))
            dirs << finderDir.filePath(run + u'/' + fold);
    std::optional<Pace> best;
    QDateTime newest;
    for (const QString &dir : dirs) {
        const QDateTime modified = QFileInfo(dir + QStringLiteral("/metrics.jsonl")).lastModified();
        if (best && modified <= newest)
            continue;
        const auto other = readRunConfig(dir);
        const std::vector<EpochMetrics> history = readRunHistory(dir);
        if (!other || history.empty() || !samePace(*other, config))
            continue;
        std::vector<double> rates, seconds;
        for (const EpochMetrics &m : history) {
            rates.push_back(m.imagesPerSecond);
            seconds.push_back(m.seconds);
        }
        best = Pace{median(rates), median(seconds), dir};
        newest = modified;
    }
    return best;
}

} // namespace masklab
