#!/usr/bin/env bash
# The label-error finder against one training run, on a generated set with known errors.
#   masklab-cli synth /tmp/q300n --persons 300 --eval-persons 60 --label-noise 0.1
#   bash bench/finderbench.sh /tmp/q300n /tmp/q300n-truth /tmp/finderbench [QUICK_EPOCHS]
# Runs, one after the other on the same machine: one training run of the default config, the
# finder with the default config (5 folds), the finder with a quicker setting (fewer epochs).
# Prints time and peak memory of each, and per kind precision@N / recall@2N; writes the
# precision-recall curves to OUT/pr.csv. Each finder gets its own workspace, so nothing is reused.
set -euo pipefail
dataset=${1:?dataset}; truth=${2:?truth folder}; out=${3:?output folder}; quick=${4:-12}
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"; rm -f "$out/pr.csv"
# A copy of the binary and config, so a rebuild during the (long) run changes nothing.
cp "$root/build/app/cli/masklab-cli" "$root/resources/train-default.yaml" "$out/"
cli="$out/masklab-cli"
config="$out/train-default.yaml"

timed() { # label, command...: runs it, records wall and CPU seconds and peak RSS (CPU time
          # is the fairer comparison when something else shares the machine)
    local label=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$out/$label.time" "$@" >"$out/$label.log" 2>&1
    read -r seconds user system kb <"$out/$label.time"
    printf '%-16s %7.0f s wall  %7.0f s CPU  %6d MB peak\n' "$label" "$seconds" \
        "$(echo "$user + $system" | bc)" "$((kb / 1024))" | tee -a "$out/summary.txt"
}

: >"$out/summary.txt"
timed single-run "$cli" train --config "$config" --set data.dataset="$dataset" \
    --set data.workspace="$out/ws-single" --run "$out/single-run"
timed finder-default "$cli" find-errors --config "$config" --set data.dataset="$dataset" \
    --set data.workspace="$out/ws-default" --out "$out/default.csv"
timed finder-quick "$cli" find-errors --config "$config" --set data.dataset="$dataset" \
    --set data.workspace="$out/ws-quick" --set train.epochs="$quick" --out "$out/quick.csv"
for setting in default quick; do
    echo "== finder $setting" | tee -a "$out/summary.txt"
    /usr/bin/python3 "$root/bench/python/finder_eval.py" "$out/$setting.csv" "$truth" \
        --pr "$out/pr.csv" --label "$setting" | tee -a "$out/summary.txt"
done
