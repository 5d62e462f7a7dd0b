#pragma once
// Before a run with model.pretrained: imagenet, the Training tab fetches torchvision's file when
// torch.hub's cache lacks it: a download on the GUI thread's event loop (never blocking it),
// with progress and cancel, from MASKLAB_WEIGHTS_MIRROR when set.

#include "trainconfig.h"

#include <QObject>

namespace masklab {
class WeightsDownload;
}

namespace masklab::ui {

class WeightsFetcher : public QObject
{
    Q_OBJECT
public:
    explicit WeightsFetcher(QObject *parent = nullptr);

    // Starts the download when the model needs ImageNet weights the cache lacks; false when
    // there is nothing to wait for (another pretrained value, or the file is there).
    bool fetchFor(const ModelConfig &model);
    void cancel(); // finished(false, ...) follows
    bool isRunning() const;
    QString fileName() const; // of the download under way
    QString folder() const;   // where it goes

signals:
    void progress(qint64 received, qint64 total);
    // message: why it failed, with where to put the file by hand.
    void finished(bool ok, bool cancelled, const QString &message);

private:
    WeightsDownload *m_download = nullptr;
};

} // namespace masklab::ui
