// duplicatebench DATASET [--samples N]
//
// How far apart copies of a photo are, side by side with how close different photos come, for
// the duplicate search's two tests (perceptual-hash bits, thumbnail grey difference):
//   copies     - N training photos, each re-encoded as JPEG at quality 50/75/95, shrunk to 90%,
//                brightened by 8 grey levels, and saved as PNG: the largest and the 95th
//                percentile distance of each kind to its original;
//   non-copies - every pair of photos of different persons (train and eval) whose hashes are
//                within 12 bits, the candidates the search compares: the smallest thumbnail
//                differences and how many pairs fall under each threshold.
// Then the whole search on the dataset, timed, with what it reports.
// Make the dataset first: masklab-cli synth /tmp/full --persons 2700 --eval-persons 1800

#include "datasetscanner.h"
#include "duplicates.h"
#include "imagehash.h"
#include "parallel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>

using namespace masklab;
using namespace masklab::finder;

namespace {

QByteArray encode(const cv::Mat &image, const char *ext, int quality)
{
    std::vector<uchar> bytes;
    cv::imencode(ext, image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), int(bytes.size()));
}

// The altered copies of one photo, by name.
std::map<std::string, QByteArray> copiesOf(const QString &path)
{
    const cv::Mat image = cv::imread(QFile::encodeName(path).toStdString());
    cv::Mat smaller, brighter;
    cv::resize(image, smaller, cv::Size(), 0.9, 0.9, cv::INTER_AREA);
    image.convertTo(brighter, -1, 1.0, 8.0);
    return {{"jpeg q50", encode(image, ".jpg", 50)},   {"jpeg q75", encode(image, ".jpg", 75)},
            {"jpeg q95", encode(image, ".jpg", 95)},   {"90% size", encode(smaller, ".jpg", 90)},
            {"+8 grey", encode(brighter, ".jpg", 90)}, {"png", encode(image, ".png", 0)}};
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

void measureCopies(const Dataset &d, int samples)
{
    std::map<std::string, std::vector<double>> bits, grey;
    const int step = std::max(1, int(d.persons.size()) / samples);
    for (size_t i = 0; i < d.persons.size(); i += size_t(step)) {
        const QString path = d.photoPath(d.persons[i], int(i % kPhotoSlotCount));
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const auto original = hashImage(file.readAll());
        for (const auto &[kind, bytes] : copiesOf(path)) {
            const auto copy = hashImage(bytes);
            if (!original || !copy)
                continue;
            bits[kind].push_back(hammingDistance(original->perceptual, copy->perceptual));
            grey[kind].push_back(thumbnailDifference(original->thumbnail, copy->thumbnail));
        }
    }
    std::printf("copies (%zu photos)   hash bits max / p95   thumbnail grey max / p95\n",
                bits.begin()->second.size());
    for (const auto &[kind, values] : bits)
        std::printf("  %-10s           %4.0f / %4.0f            %5.2f / %5.2f\n", kind.c_str(),
                    percentile(values, 1.0), percentile(values, 0.95), percentile(grey[kind], 1.0),
                    percentile(grey[kind], 0.95));
}

void measureNonCopies(const Dataset &d)
{
    struct Entry
    {
        int person;
        ImageHash hash;
    };
    std::vector<Entry> all;
    for (size_t p = 0; p < d.persons.size(); ++p)
        for (int slot = 0; slot < kPhotoSlotCount; ++slot)
            if (auto h = hashImageFile(d.photoPath(d.persons[p], slot)))
                all.push_back({int(p), *h});
    for (size_t e = 0; e < d.evalImages.size(); ++e)
        if (auto h = hashImageFile(d.evalImagePath(d.evalImages[e])))
            all.push_back({int(d.persons.size() + e), *h});
    std::vector<double> differences;
    std::mutex mutex;
    parallelFor(int64_t(all.size()), 0, [&](int64_t i) {
        std::vector<double> mine;
        for (size_t j = size_t(i) + 1; j < all.size(); ++j)
            if (all[j].person != all[size_t(i)].person &&
                hammingDistance(all[size_t(i)].hash.perceptual, all[j].hash.perceptual) <= 12)
                mine.push_back(
                    thumbnailDifference(all[size_t(i)].hash.thumbnail, all[j].hash.thumbnail));
        std::lock_guard<std::mutex> lock(mutex);
        differences.insert(differences.end(), mine.begin(), mine.end());
    });
    std::sort(differences.begin(), differences.end());
    std::printf("non-copies: %zu photos, %zu candidate pairs (hash within 12 bits)\n", all.size(),
                differences.size());
    std::printf("  smallest thumbnail grey differences:");
    for (size_t k = 0; k < std::min<size_t>(8, differences.size()); ++k)
        std::printf(" %.2f", differences[k]);
    std::printf("\n  pairs under:");
    for (double t : {1.0, 1.5, 2.0, 3.0, 4.0})
        std::printf("  %.1f: %ld", t,
                    long(std::lower_bound(differences.begin(), differences.end(), t) -
                         differences.begin()));
    std::printf("\n");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: duplicatebench DATASET [--samples N]\n");
        return 2;
    }
    const int samples = args.size() > 3 && args[2] == "--samples" ? args[3].toInt() : 200;
    const ScanResult scan = indexDataset(args[1]);
    if (!scan.located) {
        std::fprintf(stderr, "duplicatebench: %s\n", qPrintable(scan.fatalError));
        return 2;
    }
    measureCopies(scan.dataset, samples);
    measureNonCopies(scan.dataset);
    QElapsedTimer timer;
    timer.start();
    const DuplicateResult found =
        findDuplicates(LabeledDataset(std::make_shared<Dataset>(scan.dataset)), QString(), {});
    std::printf("the search (defaults, no cache): %.1f s, %d photos, %zu reported\n",
                timer.nsecsElapsed() / 1e9, found.images, found.suspects.size());
    return 0;
}
