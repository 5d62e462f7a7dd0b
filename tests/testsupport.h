#pragma once
// Fixtures shared by the tests: synthetic datasets made by our own generator, and file helpers.

#include "runrecord.h"
#include "trainconfig.h"

#include <QByteArray>
#include <QString>

namespace masklab::test {

// Writes a synthetic dataset (fails the current test on error). Small and fast by default.
bool makeSynthDataset(const QString &out, int persons, int evalPersons = 0, double noise = 0,
                      bool quirks = true, int width = 384, int height = 512);

// A config that trains in seconds on a makeSynthDataset(..., 96, 128) set: the small CNN at
// 36x48 on the whole photo, one thread (repeatable), the given epochs.
TrainConfig tinyTrainConfig(const QString &dataset, int epochs);

// The baseline JPEG with its frame header (SOF0) claiming width x height instead.
QByteArray jpegClaimingSize(QByteArray jpeg, int width, int height);

// A PNG with an intact header and end but wrecked pixel data: only a full decode finds it.
QByteArray wreckedPng(int width, int height);

// While it lives, writing a file past `bytes` fails (EFBIG) as on a full disk. Unlike a
// read-only folder this also holds for root, which the CI runs as.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(qint64 bytes);
    ~FileSizeLimit();
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;

private:
    qint64 m_previous;
};

// Recursive copy of a folder tree.
bool copyTree(const QString &from, const QString &to);

// Bytes that are the same for the same seed.
QByteArray randomBytes(int size, quint32 seed);

// What this process has written so far, every file and stream together (/proc/self/io's wchar);
// -1 when unknown.
qint64 processBytesWritten();

bool writeFile(const QString &path, const QByteArray &bytes);
// A run folder as the trainer leaves it for readers: config.yaml and metrics.jsonl (no
// checkpoints), for tests of lists and comparisons.
bool writeRunFolder(const QString &dir, const TrainConfig &config,
                    const std::vector<EpochMetrics> &epochs);
QByteArray readFile(const QString &path);

// "relative path -> sha-1" of every file under root, for "nothing was changed" checks.
QString treeFingerprint(const QString &root);

} // namespace masklab::test
