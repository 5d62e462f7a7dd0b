#pragma once
// The libraries MaskLab is built on, with the versions it runs with and their licences: for
// Help > About and masklab-cli --version (a bug report should say which LibTorch and Qt).

#include <QString>

#include <vector>

namespace masklab {

struct Component
{
    QString name;
    QString version;
    QString licence; // SPDX identifier
};

// Qt, OpenCV and yaml-cpp; the trainer adds LibTorch (trainer::libtorchComponent), the app
// QCustomPlot.
std::vector<Component> coreComponents();

// "Qt 6.4.2 (LGPL-3.0-only), ..." on one line.
QString describeComponents(const std::vector<Component> &components);

} // namespace masklab
