#include "mapjob.h"

#include <QMetaObject>

namespace masklab::ui {

MapJob::MapJob(QObject *parent) : BackgroundJob(parent) {}

MapJob::~MapJob()
{
    stopAndWait();
}

bool MapJob::start(const trainer::EmbeddingRequest &request)
{
    if (isRunning())
        return false;
    const int generation = ++m_generation;
    m_done = {};
    m_outcome = {};
    m_table.reset();
    m_map.reset();
    m_preview.clear();
    m_progress.clear();
    m_latest = {};
    return launch([this, request, generation] { run(request, generation); });
}

void MapJob::run(const trainer::EmbeddingRequest &request, int generation)
{
    ProgressSink sink;
    sink.cancel = cancelFlag();
    sink.report = [this](const QString &phase, qint64 done, qint64 total) {
        m_progress.post([&](MapJobProgress &p) { p = {phase, done, total}; });
    };
    Done done;
    done.outcome = trainer::embedPhotos(request, sink);
    if (done.outcome.table) {
        done.table = std::make_shared<const EmbeddingTable>(std::move(*done.outcome.table));
        done.outcome.table.reset();
    }
    if (done.table && done.table->size() > 0) {
        const auto preview = [this, table = done.table, generation](const std::vector<float> &pcs) {
            QMetaObject::invokeMethod(
                this,
                [this, table, pcs, generation] {
                    if (generation != m_generation)
                        return; // a later start's job owns the members now
                    m_table = table;
                    m_preview = pcs;
                    emit previewReady();
                },
                Qt::QueuedConnection);
        };
        done.map = mapEmbeddings(*done.table, {}, sink, preview);
        if (!done.map) {
            done.outcome.cancelled = true;
            done.outcome.error = tr("cancelled");
        }
    }
    m_done = std::move(done); // the GUI reads it only once the thread has ended
}

MapJobProgress MapJob::progress()
{
    const MapJobProgress taken = m_progress.take();
    if (!taken.phase.isEmpty())
        m_latest = taken;
    return m_latest;
}

void MapJob::workEnded(const QString &unexpectedError)
{
    Done done = std::exchange(m_done, Done());
    m_outcome = std::move(done.outcome);
    m_table = std::move(done.table);
    m_map = std::move(done.map);
    if (!unexpectedError.isEmpty()) {
        m_map.reset();
        m_outcome.error = unexpectedError;
    }
    emit finished();
}

} // namespace masklab::ui
