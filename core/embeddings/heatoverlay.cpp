#include "heatoverlay.h"

#include "textfile.h"

#include <QFile>

#include "photocodec.h"
#include <opencv2/imgproc.hpp>

namespace masklab {

std::optional<OverlayImage> drawHeatOverlay(const QString &photo, const std::vector<float> &heat,
                                            int heatWidth, int heatHeight,
                                            const std::optional<std::array<int, 4>> &crop,
                                            QString *error)
{
    if (heatWidth <= 0 || heatHeight <= 0 || heat.size() != size_t(heatWidth) * heatHeight) {
        *error = QStringLiteral("no heat map to draw");
        return std::nullopt;
    }
    cv::Mat image = readPhoto(photo);
    if (image.empty()) {
        *error = QStringLiteral("%1 does not decode").arg(photo);
        return std::nullopt;
    }
    cv::Rect box(0, 0, image.cols, image.rows);
    if (crop) { // as the image pipeline cuts it: the box within the photo
        const cv::Rect inside =
            cv::Rect((*crop)[0], (*crop)[1], (*crop)[2], (*crop)[3]) & cv::Rect(box);
        if (inside.area() > 0)
            box = inside;
    }
    const cv::Mat small(heatHeight, heatWidth, CV_32F, const_cast<float *>(heat.data()));
    cv::Mat level;
    cv::resize(small, level, box.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat level8, colours;
    level.convertTo(level8, CV_8U, 255.0);
    cv::applyColorMap(level8, colours, cv::COLORMAP_JET);
    cv::Mat region = image(box);
    for (int y = 0; y < region.rows; ++y) {
        auto *pixel = region.ptr<cv::Vec3b>(y);
        const auto *colour = colours.ptr<cv::Vec3b>(y);
        const float *h = level.ptr<float>(y);
        for (int x = 0; x < region.cols; ++x) {
            // Cold parts stay readable, hot parts take the ramp's colour.
            const float alpha = 0.15f + 0.55f * std::clamp(h[x], 0.f, 1.f);
            for (int c = 0; c < 3; ++c)
                pixel[x][c] =
                    cv::saturate_cast<uchar>((1 - alpha) * pixel[x][c] + alpha * colour[x][c]);
        }
    }
    cv::rectangle(image, box, cv::Scalar(255, 255, 255), 1);
    cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
    OverlayImage out;
    out.width = image.cols;
    out.height = image.rows;
    out.rgb.assign(image.data, image.data + image.total() * 3);
    return out;
}

bool writeOverlayPng(const OverlayImage &image, const QString &path, QString *error)
{
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t *>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    const std::optional<QByteArray> bytes = encodePng(bgr);
    if (!bytes) {
        *error = QStringLiteral("%1: the image could not be encoded").arg(path);
        return false;
    }
    return writeFileAtomically(path, *bytes, error);
}

} // namespace masklab
