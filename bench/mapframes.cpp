// mapframes MAP.csv: the Map tab's frame time. Loads a map written by `masklab-cli embed --map`
// into the Map tab's view (a 1000x700 window on the offscreen or X platform), colours it by
// split, then pans and zooms it 200 frames as a drag and the wheel would, and prints the paint
// time per frame (mean, 95th percentile, max); beside it, the same frames with every point in
// one colour, to show what the per-colour passes cost.

#include "csvtable.h"
#include "mapview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QWheelEvent>
#include <QWindow>

#include <algorithm>
#include <cstdio>

using masklab::ui::MapView;

namespace {

struct Frames
{
    double mean = 0, p95 = 0, max = 0;
};

Frames paintFrames(MapView &view)
{
    std::vector<double> ms;
    for (int frame = 0; frame < 200; ++frame) {
        if (frame % 50 == 25) { // a wheel notch in, then out again, at the centre
            const QPointF centre(view.width() / 2.0, view.height() / 2.0);
            QWheelEvent wheel(centre, view.mapToGlobal(centre), {}, {0, frame < 100 ? 240 : -240},
                              Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(&view, &wheel);
        }
        const QPointF from(500, 350), to(500 + (frame % 20 < 10 ? 6 : -6), 352);
        QMouseEvent press(QEvent::MouseButtonPress, from, view.mapToGlobal(from), Qt::RightButton,
                          Qt::RightButton, Qt::NoModifier);
        QMouseEvent move(QEvent::MouseMove, to, view.mapToGlobal(to), Qt::NoButton, Qt::RightButton,
                         Qt::NoModifier);
        QMouseEvent release(QEvent::MouseButtonRelease, to, view.mapToGlobal(to), Qt::RightButton,
                            Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&view, &press);
        QApplication::sendEvent(&view, &move);
        QApplication::sendEvent(&view, &release);
        view.repaint();                        // paints now, as the next frame would
        if (view.lastPaintMilliseconds() <= 0) // not exposed: paint into a pixmap instead
            view.grab();
        ms.push_back(view.lastPaintMilliseconds());
    }
    std::sort(ms.begin(), ms.end());
    Frames f;
    for (double m : ms)
        f.mean += m / double(ms.size());
    f.p95 = ms[ms.size() * 95 / 100];
    f.max = ms.back();
    return f;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: mapframes MAP.csv\n");
        return 2;
    }
    QString error;
    const auto csv = masklab::readStrictCsvFile(QString::fromLocal8Bit(argv[1]), &error);
    if (!csv) {
        std::fprintf(stderr, "mapframes: %s\n", qPrintable(error));
        return 2;
    }
    const int split = csv->column("split"), x = csv->column("x"), y = csv->column("y");
    std::vector<float> xy;
    std::vector<int> group;
    for (const auto &r : csv->records) {
        xy.push_back(csv->field(r, x).toFloat());
        xy.push_back(csv->field(r, y).toFloat());
        const QString s = csv->field(r, split);
        group.push_back(s == "train" ? 0 : s == "validation" ? 1 : 2);
    }
    MapView view;
    view.resize(1000, 700);
    view.show();
    QElapsedTimer waited;
    waited.start();
    while (!(view.windowHandle() && view.windowHandle()->isExposed()) && waited.elapsed() < 5000)
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    view.setPoints(xy);
    view.setColours(group, {Qt::darkGray, Qt::darkCyan, QColor(0xf4, 0x51, 0x1e)});
    const Frames split3 = paintFrames(view);
    view.setColours(std::vector<int>(group.size(), 0), {Qt::darkGray});
    const Frames single = paintFrames(view);
    std::printf("%d points, 1000x700, %s platform, 200 frames of panning and zooming\n",
                int(group.size()), qPrintable(QApplication::platformName()));
    std::printf("  coloured by split (3 colours): mean %.1f ms, p95 %.1f ms, max %.1f ms\n",
                split3.mean, split3.p95, split3.max);
    std::printf("  one colour:                    mean %.1f ms, p95 %.1f ms, max %.1f ms\n",
                single.mean, single.p95, single.max);
    return 0;
}
