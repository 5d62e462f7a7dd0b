#include "evalimagemodel.h"

#include "thumbnailcache.h"

#include <QColor>
#include <QPixmap>

namespace masklab::ui {

namespace {
constexpr int kThumbHeight = 128;
}

EvalImageModel::EvalImageModel(ThumbnailCache *thumbnails, QObject *parent)
    : QAbstractListModel(parent), m_thumbnails(thumbnails)
{
    connect(m_thumbnails, &ThumbnailCache::thumbnailReady, this, [this](const QString &path) {
        const int row = m_rowOfPath.value(path, -1);
        if (row >= 0)
            emit dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
}

void EvalImageModel::setImages(EvalSet images)
{
    beginResetModel();
    m_images = std::move(images);
    m_rowOfPath.clear();
    for (int row = 0; row < rowCount(); ++row)
        m_rowOfPath.insert(path(row), row);
    endResetModel();
    setPredictions(m_predictions); // matched again against the new rows
}

void EvalImageModel::setPredictions(std::shared_ptr<const EvalPredictions> predictions)
{
    beginResetModel();
    m_predictions = std::move(predictions);
    m_predictionRow.assign(size_t(rowCount()), -1);
    if (m_predictions) {
        QHash<QString, int> rowOfId;
        for (int i = 0; i < m_predictions->imageCount(); ++i)
            rowOfId.insert(m_predictions->id(i), i);
        for (int row = 0; row < rowCount(); ++row)
            m_predictionRow[size_t(row)] = rowOfId.value(imageId(row), -1);
    }
    endResetModel();
}

void EvalImageModel::setThresholds(const AgeThresholds &thresholds)
{
    m_thresholds = thresholds;
    if (rowCount() > 0)
        emit dataChanged(index(0), index(rowCount() - 1), {Qt::DisplayRole});
}

void EvalImageModel::setComparedAnswers(QHash<QString, int> answers)
{
    beginResetModel(); // the filter on changed images depends on it
    m_compared = std::move(answers);
    endResetModel();
}

int EvalImageModel::predictionRow(int row) const
{
    return row >= 0 && size_t(row) < m_predictionRow.size() ? m_predictionRow[size_t(row)] : -1;
}

int EvalImageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_images.ids.size());
}

QString EvalImageModel::path(int row) const
{
    return m_images.imagePath(row);
}

QString EvalImageModel::imageId(int row) const
{
    return m_images.ids[row];
}

QString EvalImageModel::shortClassName(int index, const AgeThresholds &thresholds)
{
    const std::optional<ClassLabel> label = classLabel(index);
    if (!label)
        return QString();
    return QStringLiteral("%1 %2 %3")
        .arg(maskStateName(label->mask),
             label->gender == Gender::Male ? QStringLiteral("M") : QStringLiteral("F"),
             ageGroupRange(label->age, thresholds));
}

QVariant EvalImageModel::predictionData(int row, int role) const
{
    const int p = predictionRow(row);
    if (p < 0 || !m_predictions->decoded(p))
        return {};
    switch (role) {
    case AnswerRole:
        return m_predictions->answer(p);
    case ConfidenceRole:
        return double(m_predictions->confidence(p));
    case AgreeingRole:
        return m_predictions->membersAgreeing(p);
    case Qt::DisplayRole:
        return QStringLiteral("%1 %2%")
            .arg(shortClassName(m_predictions->answer(p), m_thresholds))
            .arg(qRound(100 * m_predictions->confidence(p)));
    default:
        return {};
    }
}

QVariant EvalImageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int row = index.row();
    const QString &id = m_images.ids[row];
    switch (role) {
    case Qt::DisplayRole: {
        const QVariant predicted = predictionData(row, role);
        return predicted.isValid() ? predicted : QVariant(id.left(10) + QStringLiteral("..."));
    }
    case AnswerRole:
    case ConfidenceRole:
    case AgreeingRole:
        return predictionData(row, role);
    case ComparedAnswerRole:
        return m_compared.contains(id) ? QVariant(m_compared.value(id)) : QVariant();
    case ImageIdRole:
        return id;
    case PathRole:
        return path(row);
    case Qt::ToolTipRole:
        return QStringLiteral("%1\ninfo.csv line %2")
            .arg(path(row))
            .arg(m_images.lines[size_t(row)]);
    case Qt::SizeHintRole:
        return QSize(kThumbHeight * 3 / 4 + 60, kThumbHeight + 52); // room for two chip lines
    case Qt::DecorationRole: {
        // A missing or broken file stays a placeholder (the cache remembers it).
        const QPixmap *pixmap = m_thumbnails->pixmap(path(row), kThumbHeight, row);
        if (pixmap)
            return *pixmap;
        // A placeholder of the final size keeps the grid steady while thumbnails arrive.
        static const QPixmap placeholder = [] {
            QPixmap p(kThumbHeight * 3 / 4, kThumbHeight);
            p.fill(QColor(0xe0, 0xe0, 0xe0));
            return p;
        }();
        return placeholder;
    }
    default:
        return {};
    }
}

} // namespace masklab::ui
