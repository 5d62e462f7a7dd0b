#include "weightsfetcher.h"

#include "pretrainedweights.h"
#include "weightsdownload.h"

namespace masklab::ui {

WeightsFetcher::WeightsFetcher(QObject *parent) : QObject(parent) {}

bool WeightsFetcher::fetchFor(const ModelConfig &model)
{
    if (isRunning())
        return false;
    const std::optional<WeightsFile> weights = missingImageNetWeights(model);
    if (!weights)
        return false;
    if (m_download) { // an earlier, ended attempt; it may be the one signalling right now
        m_download->disconnect(this);
        m_download->deleteLater();
    }
    m_download =
        new WeightsDownload(fromMirror(*weights, weightsMirror()), torchHubCheckpointsDir(), this);
    connect(m_download, &WeightsDownload::progress, this, &WeightsFetcher::progress);
    connect(m_download, &WeightsDownload::finished, this, [this](bool ok) {
        const QString message =
            ok ? QString()
               : tr("%1.\nPut %2 into %3 by hand, or train without it (the From scratch preset, "
                    "or model.pretrained empty).")
                     .arg(m_download->errorString(), m_download->weights().fileName(), folder());
        emit finished(ok, m_download->wasCancelled(), message);
    });
    m_download->start();
    return true;
}

void WeightsFetcher::cancel()
{
    if (m_download)
        m_download->cancel();
}

bool WeightsFetcher::isRunning() const
{
    return m_download && m_download->isRunning();
}

QString WeightsFetcher::fileName() const
{
    return m_download ? m_download->weights().fileName() : QString();
}

QString WeightsFetcher::folder() const
{
    return torchHubCheckpointsDir();
}

} // namespace masklab::ui
