#!/usr/bin/env bash
# README command 2: from a fresh clone to all tests passing (installs, builds, runs ctest).
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
bash packaging/build.sh --tests
# Widget tests run on Qt's offscreen platform (set per test in tests/CMakeLists.txt).
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
# The Debian package: contents, Depends, validators, then installed, run and purged.
bash packaging/check-deb.sh
# The readers and core suites again under ASan and UBSan, with the fuzz corpora.
bash packaging/sanitize.sh
echo "MaskLab: build and tests took $(( $(date +%s) - start )) s"
