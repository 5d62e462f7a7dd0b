#pragma once
// Image fingerprints for finding the same photo twice: a perceptual hash (the signs of the
// lowest 8x8 DCT frequencies of the 32x32 grey image, so re-encoding, resizing and small
// colour changes flip few of its 64 bits) and the file's SHA-1 for exact copies.

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace masklab::finder {

struct ImageHash
{
    uint64_t perceptual = 0;
    QByteArray sha1; // of the file's bytes, 20 bytes
};

// Nothing when the bytes do not decode as an image.
std::optional<uint64_t> perceptualHash(const QByteArray &encoded);
// Reads the file once for both hashes; nothing when it cannot be read or decoded.
std::optional<ImageHash> hashImageFile(const QString &path);

inline int hammingDistance(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
}

} // namespace masklab::finder
