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
    m_outcome = {};
    m_map.reset();
    m_preview.clear();
    m_progress.clear();
    m_latest = {};
    return launch([this, request] { run(request); });
}

void MapJob::run(const trainer::EmbeddingRequest &request)
{
    ProgressSink sink;
    sink.cancel = cancelFlag();
    sink.report = [this](const QString &phase, qint64 done, qint64 total) {
        m_progress.post([&](MapJobProgress &p) { p = {phase, done, total}; });
    };
    m_outcome = trainer::embedPhotos(request, sink);
    if (!m_outcome.table || m_outcome.table->size() == 0)
        return;
    // The preview is copied before the GUI hears of it; the layout goes on meanwhile.
    std::vector<float> preview;
    m_map = mapEmbeddings(*m_outcome.table, {}, sink, [&](const std::vector<float> &pcs) {
        preview = pcs;
        QMetaObject::invokeMethod(
            this,
            [this, preview] {
                m_preview = preview;
                emit previewReady();
            },
            Qt::QueuedConnection);
    });
    if (!m_map) {
        m_outcome.cancelled = true;
        m_outcome.error = tr("cancelled");
    }
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
    if (!unexpectedError.isEmpty()) {
        m_outcome.table.reset();
        m_map.reset();
        m_outcome.error = unexpectedError;
    }
    emit finished();
}

} // namespace masklab::ui
