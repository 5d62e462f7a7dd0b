#!/usr/bin/env bash
# Builds masklab_<version>_amd64.deb from the build folder (building it first if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/deps.sh
if [ ! -f build/CMakeCache.txt ]; then
    bash packaging/build.sh
fi
cmake --build build --parallel "$(nproc)" --target masklab masklab-cli masklab_docs masklab_changelog
(cd build && cpack -G DEB -B package >/dev/null)
ls build/package/masklab_*_amd64.deb
