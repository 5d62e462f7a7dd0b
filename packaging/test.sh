#!/usr/bin/env bash
# README command 2: from a fresh clone to all tests passing (installs, builds, runs ctest).
#   bash packaging/test.sh          everything: every ctest tier, the package, the sanitizers
#   bash packaging/test.sh --quick  the development loop: build, then the unit and gui tiers
#                                   (no training jobs, no package, no sanitizer rebuild)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
case "${1:-}" in
--quick) quick=1 ;;
"") ;;
*) echo "test.sh: unknown option $1 (only --quick)" >&2; exit 2 ;;
esac
start=$(date +%s)
bash packaging/build.sh --tests
# Widget tests run on Qt's offscreen platform (set per test in tests/CMakeLists.txt).
if [ "$quick" = 1 ]; then
    tests=$(date +%s)
    ctest --test-dir build --output-on-failure --parallel "$(nproc)" --label-exclude train
    echo "MaskLab: quick tier (unit, gui) took $(( $(date +%s) - tests )) s of tests"
    exit 0
fi
ctest --test-dir build --output-on-failure --parallel "$(nproc)"
# The Debian package: contents, Depends, validators, then installed, run and purged.
bash packaging/check-deb.sh
# The readers and core suites again under ASan and UBSan, with the fuzz corpora.
bash packaging/sanitize.sh
echo "MaskLab: build and tests took $(( $(date +%s) - start )) s"
