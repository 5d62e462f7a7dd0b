#include "facepainter.h"

#include "random.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace masklab::synth {

namespace {

cv::Scalar bgr(const std::array<double, 3> &c, double scale = 1.0)
{
    return cv::Scalar(c[0] * scale, c[1] * scale, c[2] * scale);
}

const cv::Scalar kMaskColors[] = {
    {238, 238, 238}, {225, 195, 140}, {40, 40, 40},    {200, 180, 235},
    {150, 150, 150}, {110, 60, 30},   {170, 210, 170}, {90, 90, 180},
};

// Geometry of the face in image pixels, derived from the look and the image size.
struct FaceFrame
{
    cv::Point2d center;
    double a = 0; // half width
    double b = 0; // half height
    cv::Point2d at(double x, double y) const { return {center.x + x * a, center.y + y * b}; }
    cv::Point pt(double x, double y) const
    {
        const cv::Point2d p = at(x, y);
        return {int(std::lround(p.x)), int(std::lround(p.y))};
    }
    cv::Size axes(double x, double y) const
    {
        return {int(std::lround(x * a)), int(std::lround(y * b))};
    }
};

void drawBackground(cv::Mat &img, Rng &rng)
{
    const cv::Vec3d top(rng.uniform(40, 230), rng.uniform(40, 230), rng.uniform(40, 230));
    const cv::Vec3d bottom(rng.uniform(40, 230), rng.uniform(40, 230), rng.uniform(40, 230));
    for (int y = 0; y < img.rows; ++y) {
        const double t = double(y) / std::max(1, img.rows - 1);
        const cv::Vec3d c = top * (1 - t) + bottom * t;
        img.row(y).setTo(cv::Scalar(c[0], c[1], c[2]));
    }
    const int shapes = rng.range(0, 3); // clutter: a door frame, a poster, a lamp
    for (int i = 0; i < shapes; ++i) {
        const cv::Point p1(rng.range(0, img.cols), rng.range(0, img.rows));
        const cv::Point p2(p1.x + rng.range(-img.cols / 3, img.cols / 3),
                           p1.y + rng.range(-img.rows / 3, img.rows / 3));
        cv::rectangle(img, p1, p2,
                      cv::Scalar(rng.uniform(30, 240), rng.uniform(30, 240), rng.uniform(30, 240)),
                      cv::FILLED, cv::LINE_AA);
    }
}

void drawHairBack(cv::Mat &img, const FaceFrame &f, const PersonLook &look)
{
    const cv::Scalar hair = bgr(look.hair);
    switch (look.hairStyle) {
    case PersonLook::Hair::Long:
        cv::ellipse(img, f.pt(0, -0.12), f.axes(1.28, 1.12), 0, 0, 360, hair, cv::FILLED,
                    cv::LINE_AA);
        cv::rectangle(img, f.pt(-1.28, -0.1), f.pt(1.28, 1.75), hair, cv::FILLED, cv::LINE_AA);
        break;
    case PersonLook::Hair::Medium:
        cv::ellipse(img, f.pt(0, -0.15), f.axes(1.2, 1.0), 0, 0, 360, hair, cv::FILLED,
                    cv::LINE_AA);
        cv::rectangle(img, f.pt(-1.2, -0.15), f.pt(1.2, 0.7), hair, cv::FILLED, cv::LINE_AA);
        break;
    case PersonLook::Hair::Short:
        cv::ellipse(img, f.pt(0, -0.3), f.axes(1.08, 0.8), 0, 0, 360, hair, cv::FILLED,
                    cv::LINE_AA);
        break;
    }
}

void drawBody(cv::Mat &img, const FaceFrame &f, const PersonLook &look)
{
    cv::rectangle(img, f.pt(-0.45, 0.6), f.pt(0.45, 1.5), bgr(look.skin, 0.9), cv::FILLED);
    cv::ellipse(img, f.pt(0, 2.05), f.axes(2.3, 0.75), 0, 180, 360, bgr(look.shirt), cv::FILLED,
                cv::LINE_AA);
    cv::rectangle(img, f.pt(-2.3, 2.05), f.pt(2.3, 4.0), bgr(look.shirt), cv::FILLED);
}

void drawFace(cv::Mat &img, const FaceFrame &f, const PersonLook &look, double unit)
{
    const cv::Scalar skin = bgr(look.skin);
    const cv::Scalar line = bgr(look.skin, 0.62);
    const int thin = std::max(1, int(std::lround(unit)));
    cv::ellipse(img, f.pt(-1.0, 0.05), f.axes(0.12, 0.2), 0, 0, 360, skin, cv::FILLED,
                cv::LINE_AA); // ears
    cv::ellipse(img, f.pt(1.0, 0.05), f.axes(0.12, 0.2), 0, 0, 360, skin, cv::FILLED, cv::LINE_AA);
    if (look.earrings) {
        cv::circle(img, f.pt(-1.02, 0.3), int(3 * unit), cv::Scalar(40, 200, 230), cv::FILLED,
                   cv::LINE_AA);
        cv::circle(img, f.pt(1.02, 0.3), int(3 * unit), cv::Scalar(40, 200, 230), cv::FILLED,
                   cv::LINE_AA);
    }
    cv::ellipse(img, f.pt(0, 0), f.axes(1, 1), 0, 0, 360, skin, cv::FILLED, cv::LINE_AA);
    if (look.hairStyle != PersonLook::Hair::Long || look.gender == Gender::Male)
        cv::ellipse(img, f.pt(0, -0.62), f.axes(1.0, 0.42), 0, 180, 360, bgr(look.hair), cv::FILLED,
                    cv::LINE_AA); // fringe
    else
        cv::ellipse(img, f.pt(0, -0.66), f.axes(1.0, 0.36), 0, 180, 360, bgr(look.hair), cv::FILLED,
                    cv::LINE_AA);

    // Eyes and brows.
    for (double side : {-1.0, 1.0}) {
        cv::ellipse(img, f.pt(0.38 * side, -0.15), f.axes(0.17, 0.07), 0, 0, 360,
                    cv::Scalar(245, 245, 245), cv::FILLED, cv::LINE_AA);
        cv::circle(img, f.pt(0.38 * side, -0.15), int(std::lround(0.07 * f.a)),
                   cv::Scalar(40, 30, 25), cv::FILLED, cv::LINE_AA);
        cv::line(img, f.pt(0.2 * side, -0.3), f.pt(0.58 * side, -0.32), bgr(look.hair, 0.8),
                 std::max(1, int(std::lround(look.browThickness * unit))), cv::LINE_AA);
        if (look.crowFeet) {
            for (double dy : {-0.04, 0.0, 0.04})
                cv::line(img, f.pt(0.6 * side, -0.15 + dy), f.pt(0.72 * side, -0.15 + 2 * dy), line,
                         thin, cv::LINE_AA);
        }
    }
    // Forehead lines: the main age cue above a mask.
    for (int i = 0; i < look.wrinkles; ++i) {
        const double y = -0.42 + 0.045 * i;
        cv::ellipse(img, f.pt(0, y + 0.12), f.axes(0.42, 0.12), 0, 200, 340, line, thin,
                    cv::LINE_AA);
    }
    // Nose, mouth, folds (hidden by a worn mask).
    cv::line(img, f.pt(0, -0.1), f.pt(-0.06, 0.2), line, thin + 1, cv::LINE_AA);
    cv::ellipse(img, f.pt(0, 0.22), f.axes(0.13, 0.05), 0, 0, 180, line, thin + 1, cv::LINE_AA);
    if (look.wrinkles >= 3) {
        cv::line(img, f.pt(-0.2, 0.25), f.pt(-0.33, 0.5), line, thin, cv::LINE_AA);
        cv::line(img, f.pt(0.2, 0.25), f.pt(0.33, 0.5), line, thin, cv::LINE_AA);
    }
    if (look.beard)
        cv::ellipse(img, f.pt(0, 0.55), f.axes(0.62, 0.45), 0, 0, 180, bgr(look.hair, 0.9),
                    cv::FILLED, cv::LINE_AA);
    const cv::Scalar lips =
        look.lipstick ? cv::Scalar(70, 50, 190) : bgr(look.skin, 0.7) + cv::Scalar(0, 0, 20);
    cv::ellipse(img, f.pt(0, 0.46), f.axes(0.26, 0.07), 0, 0, 360, lips, cv::FILLED, cv::LINE_AA);
    cv::line(img, f.pt(-0.24, 0.46), f.pt(0.24, 0.46), bgr(look.skin, 0.4), thin, cv::LINE_AA);
}

// A worn mask covers nose and mouth; an incorrect one sits below the nose or on the chin.
void drawMask(cv::Mat &img, const FaceFrame &f, MaskState state, Rng &rng, double unit)
{
    if (state == MaskState::NotWear)
        return;
    const cv::Scalar color = kMaskColors[rng.range(0, int(std::size(kMaskColors)) - 1)];
    double top = rng.uniform(-0.08, 0.0); // just under the eyes, over the nose bridge
    if (state == MaskState::Incorrect)
        top = rng.chance(0.6) ? rng.uniform(0.25, 0.32)  // below the nose
                              : rng.uniform(0.55, 0.62); // on the chin
    const double bottom = 1.02;
    std::vector<cv::Point> poly;
    for (int i = 0; i <= 20; ++i) { // upper edge: a gentle arc from ear to ear
        const double x = -0.98 + 1.96 * i / 20.0;
        poly.push_back(f.pt(x, top + 0.08 * x * x));
    }
    for (int i = 20; i >= 0; --i) { // lower edge follows the jaw
        const double x = -0.95 + 1.9 * i / 20.0;
        const double jaw = std::sqrt(std::max(0.0, 1.0 - x * x));
        poly.push_back(f.pt(x, std::max(top + 0.12, std::min(bottom, 0.25 + 0.77 * jaw))));
    }
    cv::fillPoly(img, std::vector<std::vector<cv::Point>>{poly}, color, cv::LINE_AA);
    const cv::Scalar shade = color * 0.78;
    const int thin = std::max(1, int(std::lround(unit)));
    if (rng.chance(0.6)) { // pleats of a surgical mask
        for (int i = 1; i <= 3; ++i) {
            const double y = top + (std::min(bottom, 0.9) - top) * i / 4.0;
            cv::line(img, f.pt(-0.8, y), f.pt(0.8, y), shade, thin, cv::LINE_AA);
        }
    } else { // the seam of a KF94
        cv::line(img, f.pt(0, top), f.pt(0, std::min(bottom, 0.95)), shade, thin, cv::LINE_AA);
    }
    for (double side : {-1.0, 1.0}) // ear loops
        cv::line(img, f.pt(0.96 * side, top + 0.1), f.pt(1.02 * side, 0.0), shade, thin + 1,
                 cv::LINE_AA);
}

void drawGlasses(cv::Mat &img, const FaceFrame &f, double unit)
{
    const cv::Scalar frame(30, 30, 30);
    const int t = std::max(1, int(std::lround(2 * unit)));
    for (double side : {-1.0, 1.0})
        cv::ellipse(img, f.pt(0.38 * side, -0.15), f.axes(0.26, 0.14), 0, 0, 360, frame, t,
                    cv::LINE_AA);
    cv::line(img, f.pt(-0.12, -0.16), f.pt(0.12, -0.16), frame, t, cv::LINE_AA);
}

// Camera: small rotation, zoom and shift; then exposure, colour cast and sensor noise.
void applyCamera(cv::Mat &img, Rng &rng)
{
    const cv::Point2f center(img.cols / 2.0f, img.rows / 2.0f);
    cv::Mat warp = cv::getRotationMatrix2D(center, rng.uniform(-8, 8), rng.uniform(0.9, 1.1));
    warp.at<double>(0, 2) += rng.uniform(-0.06, 0.06) * img.cols;
    warp.at<double>(1, 2) += rng.uniform(-0.04, 0.04) * img.rows;
    cv::warpAffine(img, img, warp, img.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT101);

    const double gain = rng.uniform(0.72, 1.25);
    const cv::Scalar cast(rng.uniform(-18, 18), rng.uniform(-18, 18), rng.uniform(-18, 18));
    img.convertTo(img, CV_8UC3, gain, 0);
    img += cast; // saturating per channel
    cv::Mat noise(img.size(), CV_16SC3);
    cv::RNG cvRng(rng.next());
    cvRng.fill(noise, cv::RNG::NORMAL, 0, rng.uniform(2, 7));
    cv::Mat noisy;
    img.convertTo(noisy, CV_16SC3);
    noisy += noise;
    noisy.convertTo(img, CV_8UC3);
}

} // namespace

cv::Mat paintFace(const PersonLook &look, MaskState mask, uint64_t photoSeed, cv::Size size)
{
    Rng rng(photoSeed);
    cv::Mat img(size, CV_8UC3);
    drawBackground(img, rng);
    const double unit = size.width / 384.0; // line widths scale with the image
    FaceFrame f;
    f.a = look.faceWidth * size.width;
    f.b = f.a * look.faceAspect;
    f.center = {size.width * 0.5, size.height * 0.44};
    drawHairBack(img, f, look);
    drawBody(img, f, look);
    drawFace(img, f, look, unit);
    drawMask(img, f, mask, rng, unit);
    if (look.glasses)
        drawGlasses(img, f, unit);
    applyCamera(img, rng);
    return img;
}

} // namespace masklab::synth
