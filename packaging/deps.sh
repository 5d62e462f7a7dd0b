#!/usr/bin/env bash
# Installs the Debian 12 packages MaskLab needs to build, test and run; skips what is present.
# --tests adds Debian's PyTorch and torchvision (the same 1.13 library as libtorch-dev), which the
# torchvision weights test and the Python baselines in bench/ run against, and the tools that
# build and check the Debian package (packaging/check-deb.sh).
set -euo pipefail

packages=(
    cmake g++ make            # toolchain
    qt6-base-dev              # Qt 6 Core, Gui, Widgets, Concurrent, Network, PrintSupport, Test
    libopencv-dev             # image decode/encode, drawing (synthetic data)
    libjpeg-dev libpng-dev    # photos read directly where OpenCV's imgcodecs is left out
    libyaml-cpp-dev           # the relabel overlay and configs
    libqcustomplot-dev        # charts (its Qt 6 build; GPLv3)
    libtorch-dev              # the trainer (CPU; point CMAKE_PREFIX_PATH at a CUDA LibTorch)
    libgloo-dev               # Gloo's headers, for LibTorch's distributed engine (c10d)
    xvfb xauth                # a virtual display for running the GUI without a screen
)
if [ "${1:-}" = "--tests" ]; then
    packages+=(python3-torch python3-torchvision)
    packages+=(dpkg-dev lintian desktop-file-utils appstream man-db) # the .deb and its checks
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "MaskLab: installing missing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
        sudo="sudo"
    else
        echo "MaskLab: these packages are missing and I am not root (and there is no sudo):" >&2
        echo "  apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
