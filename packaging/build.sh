#!/usr/bin/env bash
# Installs missing packages (build.sh --tests: also those the tests need), then configures and builds MaskLab into build/ (Release with
# debug info). Re-runs are incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/deps.sh "$@"
start=$(date +%s)
# -g1: line tables (file:line in a backtrace) without full debug info, which costs a fifth more
# compile time in the LibTorch files; a debugging session configures its own build folder.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
cmake --build build --parallel "$(nproc)"
echo "MaskLab: configure and build took $(( $(date +%s) - start )) s"
