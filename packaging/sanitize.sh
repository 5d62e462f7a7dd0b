#!/usr/bin/env bash
# The test suites of MaskLab's readers and core logic under AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/, -DMASKLAB_SANITIZE=ON), with the fuzz corpora replayed
# too, and the CLI suite (tst_cli) against an instrumented masklab-cli: every command, training
# and prediction included (LibTorch itself is Debian's, not instrumented); child processes
# inherit the options, so a leak or an error in masklab-cli fails the test. .ci/run runs it after
# the normal tests. The widget suites and tst_clifinder (three folds: minutes under ASan) stay
# out: compiling the UI twice and the folds would cost CI more than they find.
# -O1 -g1 (asserts on) compiles the trainer twice as fast as -O2 -g and keeps file:line in reports.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
tests=(tst_labels tst_csvtable tst_imageheader tst_scanner tst_scanproblems tst_synth tst_overlay
       tst_overlaycrash tst_statistics tst_metrics tst_pipeline tst_predictions tst_trainconfig
       tst_personsplit tst_labeleddataset tst_suspectscoring tst_duplicates tst_suspectfix
       tst_edareport tst_cli)
replays=(csv overlay settings config imageheader)
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DMASKLAB_SANITIZE=ON -DMASKLAB_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan --parallel "$(nproc)" --target "${tests[@]}" overlaychild masklab-cli \
    "${replays[@]/#/fuzz_}"
names=$(printf '%s|' "${tests[@]}" "${replays[@]/#/fuzz_replay_}")
# LeakSanitizer stays on: a leak in a reader is a bug too.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" -R "^(${names%|})\$"
echo "MaskLab: sanitizer build and tests took $(( $(date +%s) - start )) s"
