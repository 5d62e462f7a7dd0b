#pragma once
// What a model makes of every photo: one row per photo (where it is, which split, whose and
// which label it had when embedded) and the penultimate layer's features, float32, row-major.
// Written as CSV (a row per photo) or as NumPy's .npy (the matrix) with FILE.rows.csv beside
// it; docs/embeddings.md describes both.

#include <QString>

#include <optional>
#include <vector>

namespace masklab {

enum class PhotoSplit
{
    Train,
    Validation,
    Eval
};
QString splitName(PhotoSplit split);
std::optional<PhotoSplit> splitFromName(const QString &name);

struct EmbeddedPhoto
{
    QString path; // relative to the dataset root: train/images/<folder>/mask1.jpg, eval/images/<id>
    PhotoSplit split = PhotoSplit::Train;
    int person = -1;    // dataset person index; -1 for eval photos
    int slot = -1;      // 0..6 (mask1..mask5, incorrect_mask, normal); -1 for eval photos
    int label = -1;     // class 0..17 when embedded; -1 for eval photos
    int predicted = -1; // the model's class 0..17 for the photo; -1 when not known
};

struct EmbeddingTable
{
    std::vector<EmbeddedPhoto> photos;
    int dims = 0;
    std::vector<float> values; // photos.size() x dims

    int size() const { return int(photos.size()); }
    const float *row(int photo) const { return values.data() + size_t(photo) * size_t(dims); }
};

// FILE.csv: path,split,person,slot,label,predicted,f0..f{dims-1}. FILE.npy: the float32 matrix
// (NumPy format 1.0, little-endian, C order) and FILE.rows.csv with the first six columns.
bool writeEmbeddings(const EmbeddingTable &table, const QString &path, QString *error);
// Reads what writeEmbeddings wrote (by the file's extension); error names the file and line.
std::optional<EmbeddingTable> readEmbeddings(const QString &path, QString *error);
// The .npy's companion: FILE.rows.csv for FILE.npy.
QString rowsFileFor(const QString &npyPath);

} // namespace masklab
