#pragma once
// Embedding photos with a trained run: the penultimate layer's features (after global pooling,
// before the heads) of every training and validation photo of the run's dataset and, when
// asked, of its eval photos. Kept in the workspace per photo (embeddingcache.h), so a second
// call embeds only what changed. No LibTorch in this header.

#include "embeddingtable.h"
#include "progress.h"

#include <QStringList>

#include <optional>

namespace masklab::trainer {

struct EmbeddingRequest
{
    QString runDir;
    QString checkpoint = QStringLiteral("best");
    bool eval = false; // also the photos of the dataset's eval/ (info.csv's rows)
    QString cacheDir;  // <workspace>/embeddings; empty: nothing read or stored
};

struct EmbeddingOutcome
{
    std::optional<EmbeddingTable> table; // nothing on failure or cancel
    QString error;                       // names the run or the file
    bool cancelled = false;
    bool modelFailed = false; // the model ran and failed (out of memory, a LibTorch error)
    int computed = 0;         // photos the model ran on
    int reused = 0;           // photos read from the workspace
    QStringList undecodable;  // photos left off the table: they do not decode (paths)
    double seconds = 0;
};

EmbeddingOutcome embedPhotos(const EmbeddingRequest &request, const ProgressSink &progress = {});

} // namespace masklab::trainer
