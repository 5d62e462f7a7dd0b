#pragma once
// The eval images in info.csv order, as thumbnails, with what the predictions answered: the
// class, its probability, how many ensemble members agree, and the answer of a submission
// compared with (when one is).

#include "evalpredictions.h"
#include "evalset.h"
#include "labels.h"

#include <QAbstractListModel>
#include <QHash>

#include <memory>

namespace masklab::ui {

class ThumbnailCache;

class EvalImageModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        AnswerRole = Qt::UserRole + 1, // int 0..17; absent without predictions
        ConfidenceRole,                // double 0..1
        AgreeingRole,                  // int: members whose own answer it is
        ComparedAnswerRole,            // int: the compared submission's answer
        ImageIdRole,
        PathRole,
    };

    explicit EvalImageModel(ThumbnailCache *thumbnails, QObject *parent = nullptr);

    // The images shown, in this order (info.csv's).
    void setImages(EvalSet images);
    // Nothing clears them. The ids are matched by ImageID (the scan skips bad info.csv rows).
    void setPredictions(std::shared_ptr<const EvalPredictions> predictions);
    void setThresholds(const AgeThresholds &thresholds);
    // The other submission's answers by ImageID; empty: no comparison.
    void setComparedAnswers(QHash<QString, int> answers);

    const EvalPredictions *predictions() const { return m_predictions.get(); }
    int predictionRow(int row) const; // the image's row in the predictions; -1 none
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QString path(int row) const;
    QString imageId(int row) const;

    // "mask M <30": the class in a few characters, for chips and lists.
    static QString shortClassName(int index, const AgeThresholds &thresholds);

private:
    QVariant predictionData(int row, int role) const;

    ThumbnailCache *m_thumbnails;
    EvalSet m_images;
    std::shared_ptr<const EvalPredictions> m_predictions;
    std::vector<int> m_predictionRow; // per row
    QHash<QString, int> m_rowOfPath;
    QHash<QString, int> m_compared;
    AgeThresholds m_thresholds;
};

} // namespace masklab::ui
