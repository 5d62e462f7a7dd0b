#include "trainedmodels.h"

#include <QDir>

namespace masklab {

namespace {

QFileInfoList foldersWithBest(const QString &dir)
{
    QFileInfoList found;
    for (const QFileInfo &folder :
         QDir(dir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time))
        if (QFileInfo::exists(folder.filePath() + QStringLiteral("/best.pt")))
            found << folder;
    return found;
}

} // namespace

std::vector<TrainedModel> trainedModels(const QString &workspaceDir)
{
    std::vector<TrainedModel> models;
    for (const QFileInfo &run : foldersWithBest(workspaceDir + QStringLiteral("/runs")))
        models.push_back({run.fileName(), run.filePath()});
    const QDir finder(workspaceDir + QStringLiteral("/finder"));
    for (const QFileInfo &job :
         finder.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time)) {
        QFileInfoList folds = foldersWithBest(job.filePath());
        std::sort(folds.begin(), folds.end(), [](const QFileInfo &a, const QFileInfo &b) {
            return a.fileName() < b.fileName();
        });
        for (const QFileInfo &fold : folds)
            models.push_back({QStringLiteral("finder %1 / %2").arg(job.fileName(), fold.fileName()),
                              fold.filePath()});
    }
    return models;
}

} // namespace masklab
