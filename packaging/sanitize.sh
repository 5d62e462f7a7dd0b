#!/usr/bin/env bash
# The test suites of MaskLab's readers and core logic under AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/, -DMASKLAB_SANITIZE=ON), with the fuzz corpora replayed
# too. .ci/run runs it after the normal tests. Suites that need LibTorch or widgets stay out: a
# LibTorch build is not instrumented, and compiling the trainer twice would double CI's time.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
tests=(tst_labels tst_csvtable tst_imageheader tst_scanner tst_scanproblems tst_synth tst_overlay
       tst_overlaycrash tst_statistics tst_metrics tst_pipeline tst_predictions tst_trainconfig
       tst_personsplit tst_labeleddataset tst_suspectscoring tst_duplicates tst_suspectfix)
replays=(csv overlay settings config imageheader)
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMASKLAB_SANITIZE=ON \
    -DMASKLAB_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan --parallel "$(nproc)" --target "${tests[@]}" overlaychild \
    "${replays[@]/#/fuzz_}"
names=$(printf '%s|' "${tests[@]}" "${replays[@]/#/fuzz_replay_}")
# LeakSanitizer stays on: a leak in a reader is a bug too.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" -R "^(${names%|})\$"
echo "MaskLab: sanitizer build and tests took $(( $(date +%s) - start )) s"
