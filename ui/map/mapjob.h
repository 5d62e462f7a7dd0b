#pragma once
// Embeds a run's photos and lays out their map on a worker thread (the same embedPhotos and
// mapEmbeddings as masklab-cli embed), reading and filling the workspace's stored vectors. The
// principal components' picture comes first (previewReady), the layout when it is done
// (finished). What the worker makes is handed to the GUI thread whole: the table with the
// preview, everything else once the thread has ended.

#include "backgroundjob.h"
#include "embedder.h"
#include "embeddingmap.h"
#include "jobmailbox.h"

#include <memory>

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
    // Bumped by each start: whoever started a job can tell its signals from an older one's.
    int generation() const { return m_generation; }
    MapJobProgress progress(); // GUI thread, on updateAvailable()

    // GUI thread. After previewReady(): the table and its principal components.
    const std::shared_ptr<const EmbeddingTable> &table() const { return m_table; }
    const std::vector<float> &preview() const { return m_preview; }
    // After finished(): the outcome (its table moved to table()) and the map, or why not.
    const trainer::EmbeddingOutcome &outcome() const { return m_outcome; }
    const std::optional<EmbeddingMap> &map() const { return m_map; }

signals:
    void previewReady();
    void finished();

private:
    struct Done // written by the worker at its end, read on the GUI thread after it ended
    {
        trainer::EmbeddingOutcome outcome;
        std::shared_ptr<const EmbeddingTable> table;
        std::optional<EmbeddingMap> map;
    };
    void run(const trainer::EmbeddingRequest &request, int generation);
    void workEnded(const QString &unexpectedError) override;

    int m_generation = 0;
    Done m_done;
    trainer::EmbeddingOutcome m_outcome;
    std::shared_ptr<const EmbeddingTable> m_table;
    std::optional<EmbeddingMap> m_map;
    std::vector<float> m_preview;
    JobMailbox<MapJobProgress> m_progress{[this] { notifyUpdate(); }};
    MapJobProgress m_latest;
};

} // namespace masklab::ui
