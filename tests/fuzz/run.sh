#!/usr/bin/env bash
# Builds the fuzz targets with clang for libFuzzer (ASan + UBSan) into build-fuzz/ and runs each
# for SECONDS (default 600) on a copy of its seed corpus, one after another or N at a time
# (-j N). Crashes land in build-fuzz/crashes/<target>/; the summary gives runs and coverage.
# usage: bash tests/fuzz/run.sh [SECONDS] [-j N] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
jobs=1
if [[ "${1:-}" == "-j" ]]; then jobs=$2; shift 2; fi
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(pickle csv overlay settings config imageheader)

cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DMASKLAB_FUZZ=ON -DMASKLAB_BUILD_TESTS=OFF \
    -DMASKLAB_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}"

run_one() {
    local t=$1 work=build-fuzz/corpus/$1 crashes=build-fuzz/crashes/$1
    mkdir -p "$work" "$crashes"
    cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
    build-fuzz/tests/fuzz/fuzz_"$t" -max_total_time="$seconds" -rss_limit_mb=4096 \
        -artifact_prefix="$crashes"/ -print_final_stats=1 "$work" >build-fuzz/fuzz_"$t".log 2>&1 ||
        echo "fuzz_$t: FAILED (see build-fuzz/fuzz_$t.log and $crashes)"
    echo "fuzz_$t: $(grep -E '^#[0-9]+[[:space:]]+DONE' build-fuzz/fuzz_"$t".log | tail -1)" \
        "$(grep -E 'stat::number_of_executed_units' build-fuzz/fuzz_"$t".log)" \
        "crashes: $(ls "$crashes" | wc -l)"
}
export -f run_one
export seconds
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
