#include "imagepipeline.h"

#include "imageheader.h"
#include "random.h"

#include <QFile>

#include "photocodec.h"
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace masklab {

PipelineOptions pipelineOptions(const TrainConfig &config, bool training)
{
    PipelineOptions o;
    o.width = config.data.inputWidth;
    o.height = config.data.inputHeight;
    if (config.data.normalize == DataConfig::Normalize::Fixed ||
        config.data.normalize == DataConfig::Normalize::Dataset) { // dataset: mean/std filled in
        for (size_t c = 0; c < 3; ++c) {
            o.mean[c] = float(config.data.mean[c]);
            o.std[c] = float(config.data.std[c]);
        }
    }
    o.crop = config.data.crop;
    o.augment = training;
    o.augmentation = config.augment;
    return o;
}

namespace {

// The largest free JPEG reduction that still leaves at least the input size.
int reduction(int sourceHeight, int wanted)
{
    for (int factor : {8, 4, 2})
        if (sourceHeight / factor >= wanted)
            return factor;
    return 1;
}

void augment(cv::Mat &img, const AugmentConfig &a, Rng &rng)
{
    if (rng.chance(a.randomResizedCrop)) {
        const double area = rng.uniform(a.cropScaleMin, 1.0);
        const double aspect = std::exp(rng.uniform(std::log(3.0 / 4.0), std::log(4.0 / 3.0)));
        const int w =
            std::clamp(int(std::lround(img.cols * std::sqrt(area * aspect))), 8, img.cols);
        const int h =
            std::clamp(int(std::lround(img.rows * std::sqrt(area / aspect))), 8, img.rows);
        img = img(cv::Rect(rng.range(0, img.cols - w), rng.range(0, img.rows - h), w, h)).clone();
    }
    if (rng.chance(a.hflip))
        cv::flip(img, img, 1);
    if (rng.chance(a.rotation)) {
        const cv::Point2f centre(img.cols / 2.0f, img.rows / 2.0f);
        const cv::Mat m = cv::getRotationMatrix2D(
            centre, rng.uniform(-a.rotationDegrees, a.rotationDegrees), 1.0);
        cv::warpAffine(img, img, m, img.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT101);
    }
    if (rng.chance(a.colorJitter)) {
        const double s = a.colorJitterStrength;
        const double contrast = 1.0 + rng.uniform(-s, s);
        const double brightness = 255.0 * rng.uniform(-s, s) * 0.5;
        img.convertTo(img, -1, contrast, brightness + (1.0 - contrast) * 128.0);
        const double saturation = 1.0 + rng.uniform(-s, s);
        cv::Mat grey;
        cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);
        cv::cvtColor(grey, grey, cv::COLOR_GRAY2BGR);
        cv::addWeighted(img, saturation, grey, 1.0 - saturation, 0.0, img);
    }
}

} // namespace

bool loadSample(const QString &path, const PipelineOptions &options, uint64_t seed, float *out)
{
    // Reduced decode needs the source height: the header tells it without decoding.
    const ImageHeader header = readImageHeader(path);
    if (header.status != ImageStatus::Ok)
        return false;
    // With a crop box, what must keep enough pixels is the box, not the whole photo.
    const int height = header.height > 0 ? header.height : options.height;
    const int needed = options.crop ? std::min((*options.crop)[3], height) : height;
    const int factor = reduction(needed, options.height);
    cv::Mat img = readPhoto(path, PhotoColour::Bgr, factor);
    if (img.empty())
        return false;
    if (options.crop) { // a box in source pixels, scaled to the reduced decode
        const auto &c = *options.crop;
        const cv::Rect box = cv::Rect(c[0] / factor, c[1] / factor, c[2] / factor, c[3] / factor) &
                             cv::Rect(0, 0, img.cols, img.rows);
        if (box.area() > 0)
            img = img(box).clone();
    }
    Rng rng(seed);
    if (options.augment)
        augment(img, options.augmentation, rng);
    if (img.cols != options.width || img.rows != options.height)
        cv::resize(img, img, cv::Size(options.width, options.height), 0, 0,
                   img.rows > options.height ? cv::INTER_AREA : cv::INTER_LINEAR);
    if (options.augment && rng.chance(options.augmentation.cutout)) {
        const int side =
            std::max(1, int(options.augmentation.cutoutFraction * std::min(img.cols, img.rows)));
        cv::rectangle(
            img, cv::Rect(rng.range(0, img.cols - side), rng.range(0, img.rows - side), side, side),
            cv::Scalar(0, 0, 0), cv::FILLED);
    }
    const size_t plane = size_t(options.width) * size_t(options.height);
    for (int y = 0; y < img.rows; ++y) {
        const uchar *row = img.ptr<uchar>(y);
        for (int x = 0; x < img.cols; ++x) {
            const size_t at = size_t(y) * size_t(options.width) + size_t(x);
            for (int c = 0; c < 3; ++c) // BGR in, RGB planes out
                out[size_t(c) * plane + at] =
                    (row[3 * x + (2 - c)] / 255.0f - options.mean[size_t(c)]) /
                    options.std[size_t(c)];
        }
    }
    return true;
}

} // namespace masklab
