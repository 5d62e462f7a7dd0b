#pragma once
// The photos a training run could not read: found before it started (their headers say they
// are broken or cut short) or when a batch failed to decode them. The run folder lists them in
// skipped_photos.csv (kept across a resume), status.json counts them, and a run whose share of
// skipped photos passes data.max_skipped_photos fails instead of training on what is left.

#include <QString>
#include <QStringList>

#include <set>
#include <vector>

namespace masklab {

struct SkippedPhoto
{
    QString path;
    QString reason;
};

class SkippedPhotos
{
public:
    // photos: how many the run uses (train and validation); maxShare: data.max_skipped_photos;
    // messages name photos relative to datasetRoot. Reads the run folder's earlier list, if
    // any (a resumed run).
    SkippedPhotos(QString runDir, QString datasetRoot, int photos, double maxShare);

    // Adds the photos not listed yet and appends them to skipped_photos.csv (epoch 0: before
    // training). Returns the new ones; error is set when the file cannot be written.
    std::vector<SkippedPhoto> add(const std::vector<SkippedPhoto> &photos, int epoch,
                                  QString *error);
    int count() const { return int(m_paths.size()); }
    bool overLimit() const;
    // Why the run stops: how many, the limit, the first few names and the list's file.
    QString limitMessage() const;
    // The warning for newly added photos: how many, the first few with why, the count so far.
    QString addedMessage(const std::vector<SkippedPhoto> &added) const;
    QString listPath() const;

private:
    QString name(const QString &path) const; // relative to the dataset

    QString m_runDir;
    QString m_datasetRoot;
    int m_photos;
    double m_maxShare;
    std::set<QString> m_paths;
    QStringList m_firstFew; // for the message
};

// Reads each photo's header (format, size, end marker; no decoding) on `threads` threads (0:
// one per core) and returns the unreadable ones, by index into paths, with why.
std::vector<std::pair<size_t, SkippedPhoto>> findUnreadable(const QStringList &paths, int threads);

} // namespace masklab
