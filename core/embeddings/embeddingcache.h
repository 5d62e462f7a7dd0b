#pragma once
// Embeddings kept in the workspace (<workspace>/embeddings/<key>/): the vectors a model made of
// each photo, keyed by the model (its checkpoint files, their size and time) and stored per
// photo with the photo file's size and time. A relabel changes nothing here; a photo added or
// changed is embedded again, alone.

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace masklab {

// What the cache holds for some photos.
struct StoredVectors
{
    int dims = 0;
    std::vector<float> values;  // photos x dims; zeros where not found
    std::vector<bool> found;    // the photo's file is unchanged since it was embedded
    std::vector<int> predicted; // the model's class for each photo; -1 where not found
    int foundCount() const;
};

class EmbeddingCache
{
public:
    explicit EmbeddingCache(QString dir) : m_dir(std::move(dir)) {}
    // <workspace>/embeddings
    static EmbeddingCache forWorkspace(const QString &workspaceDir);

    // The key of the model made of these checkpoint files (one run, or a finder job's folds);
    // nothing when one is missing (error names it).
    static std::optional<QString> key(const QStringList &checkpoints, QString *error);

    // The stored vectors of the photos (absolute paths) whose files are unchanged.
    StoredVectors load(const QString &key, const QStringList &photos) const;
    // Stores the vectors of these photos under the key, with the files' stamps; photos stored
    // before and not among these stay while their files are unchanged.
    bool store(const QString &key, const QStringList &photos, int dims,
               const std::vector<float> &values, const std::vector<int> &predicted,
               QString *error) const;

    QString dir() const { return m_dir; }
    bool enabled() const { return !m_dir.isEmpty(); }

private:
    struct Row
    {
        QString stamp; // "<bytes>|<modified ms>" of the photo file when it was embedded
        int row = 0;
        int predicted = -1;
    };
    struct Entry
    {
        QHash<QString, Row> rows; // by photo path
        QByteArray bytes;         // the vectors
        int dims = 0;
    };
    std::optional<Entry> readEntry(const QString &key) const;
    QString entryDir(const QString &key) const { return m_dir + u'/' + key; }
    QString m_dir;
};

} // namespace masklab
