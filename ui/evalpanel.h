#pragma once
// The eval set, browse only: every eval image as a thumbnail in info.csv order. (Predictions
// and their review come with the trainer.)

#include <QAbstractListModel>
#include <QWidget>

#include <memory>

class QLabel;
class QListView;

namespace masklab {
struct ScanResult;
}

namespace masklab::ui {

class ThumbnailCache;

class EvalImageModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit EvalImageModel(ThumbnailCache *thumbnails, QObject *parent = nullptr);

    void setScan(std::shared_ptr<const ScanResult> scan);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QString path(int row) const;

    ThumbnailCache *m_thumbnails;
    std::shared_ptr<const ScanResult> m_scan;
    QHash<QString, int> m_rowOfPath;
};

class EvalPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EvalPanel(QWidget *parent = nullptr);

    void setScan(std::shared_ptr<const ScanResult> scan);
    EvalImageModel *model() const { return m_model; }
    QListView *view() const { return m_view; }

private:
    ThumbnailCache *m_thumbnails; // its own: the person grid's drop-far-rows window is not ours
    EvalImageModel *m_model;
    QListView *m_view;
    QLabel *m_info;
};

} // namespace masklab::ui
