#!/usr/bin/env bash
# Installs missing packages (build.sh --tests: also those the tests need), then configures and builds MaskLab into build/ (Release with
# debug info). Re-runs are incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/deps.sh "$@"
start=$(date +%s)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --parallel "$(nproc)"
echo "MaskLab: configure and build took $(( $(date +%s) - start )) s"
