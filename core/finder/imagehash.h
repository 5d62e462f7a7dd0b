#pragma once
// Image fingerprints for finding the same photo twice: a perceptual hash (the signs of the
// lowest 8x8 DCT frequencies of the 32x32 grey image, so re-encoding, resizing and small
// colour changes flip few of its 64 bits), a 16x16 grey thumbnail to confirm a match, and the
// file's SHA-1 for exact copies. The hash alone cannot tell copies from different people: face
// photos framed alike share their low frequencies (on generated faces, photos of different
// persons came within 2 bits), so it only picks the pairs the thumbnails then compare.

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace masklab::finder {

constexpr int kThumbnailSide = 16;

struct ImageHash
{
    uint64_t perceptual = 0;
    QByteArray sha1;      // of the file's bytes, 20 bytes
    QByteArray thumbnail; // 16x16 grey levels, row by row
};

// Nothing when the bytes do not decode as an image (sha1 is left empty).
std::optional<ImageHash> hashImage(const QByteArray &encoded);
// Reads the file once for both hashes; nothing when it cannot be read or decoded.
std::optional<ImageHash> hashImageFile(const QString &path);

inline int hammingDistance(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

// Mean absolute difference of two thumbnails in grey levels (0..255), each taken relative to
// its own mean so a small exposure change does not count.
double thumbnailDifference(const QByteArray &a, const QByteArray &b);

} // namespace masklab::finder
