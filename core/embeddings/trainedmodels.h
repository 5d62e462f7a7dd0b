#pragma once
// The models of a workspace that can embed or explain photos: its runs with a best checkpoint,
// newest first, then each finder job's fold models (a fold's held-out persons are the photos
// it never trained on: its validation split).

#include <QString>

#include <vector>

namespace masklab {

struct TrainedModel
{
    QString name; // "r1", "finder 92ff298ea4ad / fold-1"
    QString dir;
};

std::vector<TrainedModel> trainedModels(const QString &workspaceDir);

} // namespace masklab
