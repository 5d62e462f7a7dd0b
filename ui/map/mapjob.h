#pragma once
// Embeds a run's photos and lays out their map on a worker thread (the same embedPhotos and
// mapEmbeddings as masklab-cli embed), reading and filling the workspace's stored vectors. The
// principal components' picture comes first (preview), the layout when it is done.

#include "backgroundjob.h"
#include "embedder.h"
#include "embeddingmap.h"
#include "jobmailbox.h"

namespace masklab::ui {

struct MapJobProgress
{
    QString phase;
    qint64 done = 0;
    qint64 total = 0;
};

class MapJob : public BackgroundJob
{
    Q_OBJECT
public:
    explicit MapJob(QObject *parent = nullptr);
    ~MapJob() override;

    bool start(const trainer::EmbeddingRequest &request);
    MapJobProgress progress(); // GUI thread, on updateAvailable()

    // After previewReady(): the table and the principal components; after finished(): the map
    // too (or why not).
    const trainer::EmbeddingOutcome &outcome() const { return m_outcome; }
    const std::optional<EmbeddingMap> &map() const { return m_map; }
    const std::vector<float> &preview() const { return m_preview; }

signals:
    void previewReady();
    void finished();

private:
    void run(const trainer::EmbeddingRequest &request);
    void workEnded(const QString &unexpectedError) override;

    trainer::EmbeddingOutcome m_outcome;
    std::optional<EmbeddingMap> m_map;
    std::vector<float> m_preview;
    JobMailbox<MapJobProgress> m_progress{[this] { notifyUpdate(); }};
    MapJobProgress m_latest;
};

} // namespace masklab::ui
